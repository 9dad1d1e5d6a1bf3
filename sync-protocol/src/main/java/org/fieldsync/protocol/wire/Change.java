package org.fieldsync.protocol.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One entry of a changes page. A client must skip kinds it does not know ({@link UnknownChange})
 * and still advance its checkpoint, so a newer server can add kinds without breaking it.
 */
@JsonTypeInfo(
    use = JsonTypeInfo.Id.NAME,
    include = JsonTypeInfo.As.PROPERTY,
    property = "kind",
    defaultImpl = UnknownChange.class)
@JsonSubTypes({
  @JsonSubTypes.Type(value = RecordChange.class, name = "record"),
  @JsonSubTypes.Type(value = RemovedChange.class, name = "removed"),
  @JsonSubTypes.Type(value = WithdrawnChange.class, name = "withdrawn")
})
public sealed interface Change permits RecordChange, RemovedChange, WithdrawnChange,
    UnknownChange {}
