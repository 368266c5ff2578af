package fr.caducee.domain.directory;

/** How passwords are stored in the directory: one-way hashes, never the password itself. */
public interface PasswordScheme {

    /** A new salted hash of the password, in the form stored as {@code userPassword}. */
    String hash(String password);

    /** True when the password matches the stored hash; false for a hash in a form this scheme does not know. */
    boolean verify(String password, String storedHash);
}
