package org.fieldsync.protocol.records.builders;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.UuidV7;
import org.fieldsync.protocol.records.RecordBody;
import org.fieldsync.protocol.validation.FieldError;
import org.fieldsync.protocol.validation.RecordValidator;

/**
 * The common part of the record builders: named steps instead of a canonical constructor's long
 * row of positional arguments, and a {@link #build()} that checks the body with the one
 * validator ({@link RecordValidator}) the SDK runs at save and the server at push, so a builder
 * can never disagree with them. The rules that need the record's envelope (the case, and for a
 * visit every child of the record) are checked again at save; here the children are the ones the
 * body names. Builders are not thread-safe; what they build is immutable.
 *
 * @param <B> the body type
 */
public abstract class BodyBuilder<B extends RecordBody> {
  private static final String CHECK_CASE = "case-under-check";
  private final Function<List<FieldError>, ? extends RuntimeException> onInvalid;

  /** {@code onInvalid} makes the exception {@link #build()} throws for a body that breaks rules. */
  protected BodyBuilder(Function<List<FieldError>, ? extends RuntimeException> onInvalid) {
    this.onInvalid = Objects.requireNonNull(onInvalid);
  }

  /** The body as set so far, not checked. */
  public abstract B unchecked();

  /** The children the body names, standing in for the record's until it is saved. */
  protected List<String> namedChildren() {
    return List.of();
  }

  /** Whether the body belongs to no case (anonymous feedback). */
  protected boolean caseless() {
    return false;
  }

  /** Every rule the body as set so far breaks; empty when it is valid. */
  public final List<FieldError> errors() {
    B body = unchecked();
    Revision probe = Revisions.next(UuidV7.generate(), RecordType.of(body.getClass()),
        caseless() ? null : CHECK_CASE, namedChildren(), null, false,
        RecordValidator.SCHEMA_VERSION, "builder", "builder", new Hlc(0, 0, "builder"),
        ProtocolCodec.encodeBody(body));
    List<FieldError> out = new ArrayList<>();
    for (FieldError e : RecordValidator.validate(probe).errors()) {
      // Envelope codes are about the stand-in envelope, not the body; body-wide ones are kept.
      if (!e.code().startsWith("record.") || e.code().startsWith("record.body.")) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * The body, checked.
   *
   * @throws RuntimeException the builder's exception for an invalid body, naming every error
   */
  public final B build() {
    List<FieldError> e = errors();
    if (!e.isEmpty()) {
      throw onInvalid.apply(e);
    }
    return unchecked();
  }

  /** One line for people: the first error, and how many more. */
  public static String summary(List<FieldError> errors) {
    if (errors.isEmpty()) {
      return "the record is valid";
    }
    String first = errors.get(0).message();
    return "the record is not valid: " + first
        + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
  }
}
