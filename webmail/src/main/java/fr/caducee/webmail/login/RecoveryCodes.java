package fr.caducee.webmail.login;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The ten codes a patient keeps on paper for the day their phone is lost: each opens one login in place of a TOTP
 * code, once. Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L, U), about 49 bits each, shown as
 * {@code ABCDE-FGHJK}; typed in any case, with or without the dash and spaces.
 *
 * <p>Stored hashed as the directory hashes passwords (PBKDF2-HMAC-SHA512, 210,000 iterations, in the
 * {@code {PBKDF2-SHA512}iterations$salt$hash} form). The salt is the patient's own (derived from their address)
 * rather than one per code, so that checking a typed code costs one derivation and one indexed lookup instead of
 * one derivation per unspent code; the codes are random and long, so a salt per patient is all a salt must do here:
 * make every patient's hashes their own.
 */
public final class RecoveryCodes {
    public static final int COUNT = 10;
    static final int LENGTH = 10;
    static final String ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789";
    private static final String SCHEME = "{PBKDF2-SHA512}";
    private static final int ITERATIONS = 210_000;
    private static final int HASH_BITS = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RecoveryCodes() {
    }

    /** Ten new codes, as the patient is shown them. */
    public static List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            StringBuilder code = new StringBuilder(LENGTH + 1);
            for (int j = 0; j < LENGTH; j++) {
                if (j == LENGTH / 2) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /** What was typed, in the canonical form that is hashed; empty when it cannot be a recovery code. */
    public static Optional<String> canonical(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String code = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (code.length() != LENGTH || !code.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(code);
    }

    /** The stored form of a code of this patient (the same code always hashes the same for one patient). */
    public static String hash(String patient, String code) {
        String canonical = canonical(code).orElseThrow(() -> new IllegalArgumentException("not a recovery code"));
        byte[] salt = salt(patient);
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                .generateSecret(new PBEKeySpec(canonical.toCharArray(), salt, ITERATIONS, HASH_BITS)).getEncoded();
            return SCHEME + ITERATIONS + "$" + adaptedBase64(salt) + "$" + adaptedBase64(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is not available", e);
        }
    }

    private static byte[] salt(String patient) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(("webmail recovery code\0" + patient).getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(digest, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** OpenLDAP's pw-pbkdf2 spelling, which the directory's hashes use: standard base64, '.' for '+', no padding. */
    private static String adaptedBase64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes).replace('+', '.');
    }
}
