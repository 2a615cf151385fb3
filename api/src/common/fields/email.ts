/**
 * An e-mail address as the API accepts it at registration: a dot-atom local part of at most 64
 * characters, then a host name whose last label is 2 to 63 letters. Every address it accepts is also
 * a JSON Schema `email`, so the document can state both and mean exactly this.
 */
export const EMAIL_PATTERN =
  "(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*" +
  '@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}';

/** RFC 5321's limit on a forward path. */
export const EMAIL_MAX_LENGTH = 254;
