package fr.caducee.trust.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/** Key types a {@link CertificateAuthority} can generate, for itself or for its leaves. */
public enum KeyAlgorithm {
    /** NIST P-256: small keys, fast handshakes, accepted by every current TLS stack. */
    EC_P256("EC", "SHA256withECDSA"),
    /** For peers whose TLS stack or policy still requires RSA. */
    RSA_3072("RSA", "SHA256withRSA");

    private final String jcaName;
    private final String signatureAlgorithm;

    KeyAlgorithm(String jcaName, String signatureAlgorithm) {
        this.jcaName = jcaName;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    KeyPair generateKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaName);
            if (this == EC_P256) {
                generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            } else {
                generator.initialize(3072, random);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("cannot generate a " + this + " key pair", e);
        }
    }

    /** Signature algorithm used when a key of this type signs certificates. */
    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** Whether the key may be used for RSA key transport, hence keyEncipherment in its leaf. */
    boolean supportsKeyEncipherment() {
        return this == RSA_3072;
    }

    /** Finds the algorithm of an existing key, e.g. the private key of a reloaded CA. */
    static KeyAlgorithm of(PrivateKey key) {
        // BouncyCastle's provider names its EC keys "ECDSA": once some library has registered it, a PEM key read
        // through the JCA may be one of those.
        String name = key.getAlgorithm().equalsIgnoreCase("ECDSA") ? "EC" : key.getAlgorithm();
        for (KeyAlgorithm algorithm : values()) {
            if (algorithm.jcaName.equalsIgnoreCase(name)) {
                return algorithm;
            }
        }
        throw new PkiException("unsupported key algorithm " + key.getAlgorithm() + " (expected EC or RSA)");
    }
}
