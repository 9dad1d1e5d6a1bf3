package org.fieldsync.server.scim;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one filter this service provider supports (and says so in its ServiceProviderConfig):
 * {@code ATTRIBUTE eq "value"} on one attribute per resource type ({@code userName} for users,
 * {@code displayName} for groups), which is what identity providers send to find a resource
 * before creating it. Anything else is refused with {@code invalidFilter}, never half-applied.
 *
 * @param attribute the attribute, as the resource type names it
 * @param value the value compared with
 */
record ScimFilter(String attribute, String value) {
  private static final Pattern EQ = Pattern.compile(
      "\\s*([A-Za-z][A-Za-z0-9._:-]*)\\s+([A-Za-z]+)\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*");

  /** Parses {@code text} (null: no filter) allowing only {@code allowed} eq. */
  static ScimFilter parse(String text, String allowed) {
    if (text == null) {
      return null;
    }
    if (text.length() > 500) {
      throw new ScimException(400, "invalidFilter", "the filter is too long");
    }
    Matcher m = EQ.matcher(text);
    if (!m.matches()) {
      throw new ScimException(400, "invalidFilter", "the filter must be " + allowed
          + " eq \"value\"; other filters are not supported");
    }
    if (!m.group(1).equalsIgnoreCase(allowed)) {
      throw new ScimException(400, "invalidFilter", "filtering on " + m.group(1)
          + " is not supported; filter on " + allowed);
    }
    if (!m.group(2).toLowerCase(Locale.ROOT).equals("eq")) {
      throw new ScimException(400, "invalidFilter", "operator " + m.group(2)
          + " is not supported; use eq");
    }
    return new ScimFilter(allowed, m.group(3).replaceAll("\\\\(.)", "$1"));
  }
}
