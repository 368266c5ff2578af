package fr.caducee.webmail.login;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals TOTP secrets for the database with AES-GCM under the key the server keeps in an owner-only file: a copy of
 * the database alone gives no second factor. The patient's address is bound in as associated data, so a sealed
 * secret copied onto another patient's row does not open. Stored as the 12-byte nonce followed by the ciphertext
 * and its 16-byte tag.
 */
public final class SecretSeal {
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretSeal(SecretKey key) {
        this.key = Objects.requireNonNull(key, "key");
        if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalArgumentException("the key sealing second factors must be an AES key, not "
                + key.getAlgorithm());
        }
    }

    public byte[] seal(String patient, byte[] secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, patient, nonce, secret, 0, secret.length);
        byte[] stored = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
        System.arraycopy(sealed, 0, stored, NONCE_BYTES, sealed.length);
        return stored;
    }

    /**
     * @throws IllegalStateException when the value was not sealed under this key for this patient (the key file was
     *         replaced, or the row altered): the operator must know, the patient can only use a recovery code
     */
    public byte[] open(String patient, byte[] stored) {
        if (stored.length <= NONCE_BYTES) {
            throw new IllegalStateException("the sealed TOTP secret of " + patient + " is truncated");
        }
        return run(Cipher.DECRYPT_MODE, patient, Arrays.copyOf(stored, NONCE_BYTES), stored, NONCE_BYTES,
            stored.length - NONCE_BYTES);
    }

    private byte[] run(int mode, String patient, byte[] nonce, byte[] input, int offset, int length) {
        try {
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(patient.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input, offset, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the TOTP secret of " + patient
                + " does not open with the webmail's key (webmail-factor.key replaced, or the row altered)", e);
        }
    }
}
