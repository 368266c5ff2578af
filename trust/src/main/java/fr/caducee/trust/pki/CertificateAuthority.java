package fr.caducee.trust.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Collection;
import java.util.List;

import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority held in memory: the development root of a server, or a throw-away CA
 * in tests. Production certificates come from IGC-Santé and never from this class.
 */
public final class CertificateAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /** A self-signed root with an EC P-256 key. */
    public static CertificateAuthority createRoot(String commonName, Instant notBefore, Instant notAfter) {
        return createRoot(commonName, notBefore, notAfter, KeyAlgorithm.EC_P256);
    }

    public static CertificateAuthority createRoot(String commonName, Instant notBefore, Instant notAfter,
                                                  KeyAlgorithm keyAlgorithm) {
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("a certificate authority needs a common name");
        }
        if (!notBefore.isBefore(notAfter)) {
            throw new IllegalArgumentException("notBefore " + notBefore + " must precede notAfter " + notAfter);
        }
        KeyPair keyPair = keyAlgorithm.generateKeyPair(RANDOM);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, randomSerial(),
                    Date.from(notBefore), Date.from(notAfter), subject, keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            return new CertificateAuthority(sign(builder, keyPair.getPrivate()), keyPair.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot create root certificate " + commonName, e);
        }
    }

    /**
     * Reloads a CA saved with {@link #save}. The key is checked against the certificate so a
     * mismatched pair fails here rather than producing leaves that no peer would validate.
     */
    public static CertificateAuthority load(Path certificatePem, Path privateKeyPem) throws IOException {
        X509Certificate certificate = Pem.readCertificate(certificatePem);
        PrivateKey privateKey = Pem.readPrivateKey(privateKeyPem);
        if (certificate.getBasicConstraints() < 0) {
            throw new PkiException(certificatePem + ": certificate " + subjectOf(certificate)
                    + " is not a CA certificate");
        }
        if (!matches(privateKey, certificate.getPublicKey())) {
            throw new PkiException(privateKeyPem + ": private key does not match the certificate in " + certificatePem);
        }
        return new CertificateAuthority(certificate, privateKey);
    }

    /** Saves the certificate and, owner-readable only, its unencrypted key. */
    public void save(Path certificatePem, Path privateKeyPem) throws IOException {
        Pem.writePrivateKey(privateKeyPem, privateKey);
        Pem.writeCertificate(certificatePem, certificate);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    private static X500Name subjectOf(LeafRequest request) {
        if (request.subject() != null) {
            return X500Name.getInstance(new X500Principal(request.subject()).getEncoded());
        }
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        if (request.organisation() != null) {
            subject.addRDN(BCStyle.O, request.organisation());
        }
        subject.addRDN(BCStyle.CN, request.commonName());
        return subject.build();
    }

    /**
     * Generates a key pair for the leaf and signs its certificate. The leaf's notAfter is capped
     * at the CA's: past that date no peer could validate it anyway.
     */
    public IssuedCertificate issue(LeafRequest request) {
        Instant caNotAfter = certificate.getNotAfter().toInstant();
        Instant notAfter = request.notAfter().isAfter(caNotAfter) ? caNotAfter : request.notAfter();
        if (!request.notBefore().isBefore(notAfter)) {
            throw new IllegalArgumentException("leaf " + request.commonName() + " would start on "
                    + request.notBefore() + ", after its CA expires on " + caNotAfter);
        }
        KeyPair keyPair = request.keyAlgorithm().generateKeyPair(RANDOM);
        X500Name subject = subjectOf(request);

        int keyUsage = KeyUsage.digitalSignature;
        if (request.keyAlgorithm().supportsKeyEncipherment()) {
            // TLS 1.2 RSA key exchange encrypts the premaster secret with the certificate's key.
            keyUsage |= KeyUsage.keyEncipherment;
        }
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, randomSerial(),
                    Date.from(request.notBefore()), Date.from(notAfter), subject,
                    keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
                    .addExtension(Extension.extendedKeyUsage, false, extendedKeyUsage(request))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keyPair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(extensions));
            if (!request.dnsNames().isEmpty()) {
                GeneralName[] names = request.dnsNames().stream()
                        .map(name -> new GeneralName(GeneralName.dNSName, name))
                        .toArray(GeneralName[]::new);
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            X509Certificate leaf = sign(builder, privateKey);
            return new IssuedCertificate(keyPair.getPrivate(), leaf, List.of(leaf, certificate));
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot issue certificate " + request.commonName(), e);
        }
    }

    /**
     * Generates a key pair and signs an S/MIME signing certificate for it ({@link SigningRequest}): digitalSignature
     * and nonRepudiation, emailProtection, the address in an rfc822Name, so that S/MIME agents ({@code openssl smime
     * -verify} with its default purpose among them) take it for signing mail. Capped at the CA's notAfter.
     */
    public IssuedCertificate issue(SigningRequest request) {
        Instant caNotAfter = certificate.getNotAfter().toInstant();
        Instant notAfter = request.notAfter().isAfter(caNotAfter) ? caNotAfter : request.notAfter();
        if (!request.notBefore().isBefore(notAfter)) {
            throw new IllegalArgumentException("signing certificate " + request.subject() + " would start on "
                    + request.notBefore() + ", after its CA expires on " + caNotAfter);
        }
        KeyPair keyPair = request.keyAlgorithm().generateKeyPair(RANDOM);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, randomSerial(),
                    Date.from(request.notBefore()), Date.from(notAfter),
                    X500Name.getInstance(new X500Principal(request.subject()).getEncoded()), keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_emailProtection))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(new GeneralName(GeneralName.rfc822Name, request.email())))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(keyPair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier(extensions));
            X509Certificate leaf = sign(builder, privateKey);
            return new IssuedCertificate(keyPair.getPrivate(), leaf, List.of(leaf, certificate));
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot issue signing certificate " + request.subject(), e);
        }
    }

    /**
     * Signs a certificate revocation list (RFC 5280, version 2) listing the given certificates of this CA as revoked
     * (reason keyCompromise), valid from {@code thisUpdate} to {@code nextUpdate}. Its number is thisUpdate in
     * milliseconds, so that a later list always carries a greater number.
     */
    public X509CRL issueRevocationList(Collection<Revocation> revoked, Instant thisUpdate, Instant nextUpdate) {
        if (!thisUpdate.isBefore(nextUpdate)) {
            throw new IllegalArgumentException("thisUpdate " + thisUpdate + " must precede nextUpdate " + nextUpdate);
        }
        try {
            X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(certificate, Date.from(thisUpdate))
                    .setNextUpdate(Date.from(nextUpdate))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            authorityKeyIdentifier(new JcaX509ExtensionUtils()))
                    .addExtension(Extension.cRLNumber, false,
                            new CRLNumber(BigInteger.valueOf(thisUpdate.toEpochMilli())));
            for (Revocation revocation : revoked) {
                builder.addCRLEntry(revocation.serial(), Date.from(revocation.revokedAt()), CRLReason.keyCompromise);
            }
            ContentSigner signer = new JcaContentSignerBuilder(KeyAlgorithm.of(privateKey).signatureAlgorithm())
                    .setSecureRandom(RANDOM)
                    .build(privateKey);
            return new JcaX509CRLConverter().getCRL(builder.build(signer));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new PkiException("cannot sign a revocation list for " + subjectOf(certificate), e);
        }
    }

    /** One entry of a revocation list: the revoked certificate's serial number and when it was revoked. */
    public record Revocation(BigInteger serial, Instant revokedAt) {
        public static Revocation of(X509Certificate certificate, Instant revokedAt) {
            return new Revocation(certificate.getSerialNumber(), revokedAt);
        }
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + subjectOf(certificate) + "]";
    }

    private static ExtendedKeyUsage extendedKeyUsage(LeafRequest request) {
        if (request.serverAuth() && request.clientAuth()) {
            return new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth});
        }
        return new ExtendedKeyUsage(request.serverAuth() ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth);
    }

    /**
     * Copies the CA's own subjectKeyIdentifier when it has one: a reloaded CA may have computed
     * it differently, and path building matches the two byte for byte.
     */
    private AuthorityKeyIdentifier authorityKeyIdentifier(JcaX509ExtensionUtils extensions) {
        byte[] extensionValue = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extensionValue == null) {
            return extensions.createAuthorityKeyIdentifier(certificate.getPublicKey());
        }
        SubjectKeyIdentifier keyIdentifier = SubjectKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(extensionValue).getOctets());
        return new AuthorityKeyIdentifier(keyIdentifier.getKeyIdentifier());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws CertificateException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(KeyAlgorithm.of(signingKey).signatureAlgorithm())
                    .setSecureRandom(RANDOM)
                    .build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new PkiException("cannot sign with a " + signingKey.getAlgorithm() + " key", e);
        }
    }

    /** Positive and non-zero, as RFC 5280 requires, with 128 bits of entropy against collisions. */
    private static BigInteger randomSerial() {
        BigInteger serial;
        do {
            serial = new BigInteger(128, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }

    private static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        try {
            String algorithm = KeyAlgorithm.of(privateKey).signatureAlgorithm();
            byte[] challenge = new byte[32];
            RANDOM.nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey, RANDOM);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | PkiException e) {
            return false;
        }
    }

    public static String subjectOf(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }
}
