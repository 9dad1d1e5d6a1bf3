package org.fieldsync.protocol.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A message the server sends on the sync WebSocket. Unknown kinds are tolerated as {@link
 * UnknownMessage}.
 */
@JsonTypeInfo(
    use = JsonTypeInfo.Id.NAME,
    include = JsonTypeInfo.As.PROPERTY,
    property = "kind",
    defaultImpl = UnknownMessage.class)
@JsonSubTypes({@JsonSubTypes.Type(value = Poke.class, name = "poke")})
public sealed interface ServerMessage permits Poke, UnknownMessage {}
