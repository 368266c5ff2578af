package fr.caducee.trust.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int KEY_ENCIPHERMENT = 2;
    private static final int KEY_CERT_SIGN = 5;
    private static final int CRL_SIGN = 6;

    private final CertificateAuthority root = Pkix.root("Caducée test root");

    @TempDir
    Path directory;

    @Test
    void rootIsASelfSignedCaWithCriticalConstraintsAndKeyUsage() throws Exception {
        X509Certificate certificate = root.certificate();

        certificate.verify(certificate.getPublicKey());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=Caducée test root");
        assertThat(certificate.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(certificate.getKeyUsage()[KEY_CERT_SIGN]).isTrue();
        assertThat(certificate.getKeyUsage()[CRL_SIGN]).isTrue();
        assertThat(certificate.getCriticalExtensionOIDs())
                .contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
        assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(root.privateKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void leafIssuedByARootValidatesWithPkixAgainstThatRoot() throws Exception {
        IssuedCertificate leaf = root.issue(LeafRequest.builder("mx.caducee.test").serverAuth(true).build());

        Pkix.validate(leaf.certificate(), root.certificate());
        assertThat(leaf.chain()).containsExactly(leaf.certificate(), root.certificate());
    }

    @Test
    void leafFailsValidationAgainstAnotherRoot() {
        IssuedCertificate leaf = root.issue(LeafRequest.builder("mx.caducee.test").serverAuth(true).build());
        CertificateAuthority otherRoot = Pkix.root("Caducée test root");

        assertThatThrownBy(() -> Pkix.validate(leaf.certificate(), otherRoot.certificate()))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void leafCanCarryAWholeSubjectDnInTheOrderWritten() throws Exception {
        X509Certificate leaf = root.issue(LeafRequest.builder("mx.hopital.test")
                .subject("CN=mx.hopital.test,OU=267500452,O=Hôpital de test,ST=Nord (59),C=FR")
                .dnsName("mx.hopital.test")
                .clientAuth(true)
                .build()).certificate();

        assertThat(leaf.getSubjectX500Principal().getName())
                .isEqualTo("CN=mx.hopital.test,OU=267500452,O=Hôpital de test,ST=Nord (59),C=FR");
    }

    @Test
    void leafCarriesTheRequestedNamesExtendedKeyUsagesAndKeyUsage() throws Exception {
        X509Certificate leaf = root.issue(LeafRequest.builder("mx.hopital.test")
                .organisation("Hôpital de test")
                .dnsName("mx.hopital.test")
                .dnsName("smtp.hopital.test")
                .serverAuth(true)
                .build()).certificate();

        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=mx.hopital.test,O=Hôpital de test");
        assertThat(leaf.getSubjectAlternativeNames())
                .containsExactly(List.of(2, "mx.hopital.test"), List.of(2, "smtp.hopital.test"));
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(leaf.getKeyUsage()[DIGITAL_SIGNATURE]).isTrue();
        assertThat(leaf.getKeyUsage()[KEY_ENCIPHERMENT]).isFalse();
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getCriticalExtensionOIDs())
                .contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(leaf.getSerialNumber().signum()).isPositive();
        assertThat(leaf.getSerialNumber().bitLength()).isLessThanOrEqualTo(128);
        assertThat(authorityKeyIdentifier(leaf)).isEqualTo(subjectKeyIdentifier(root.certificate()));
        assertThat(subjectKeyIdentifier(leaf)).isNotNull().isNotEqualTo(subjectKeyIdentifier(root.certificate()));
    }

    @Test
    void leafForBothRolesCarriesServerAuthAndClientAuth() throws Exception {
        X509Certificate leaf = root.issue(LeafRequest.builder("relay.caducee.test")
                .serverAuth(true)
                .clientAuth(true)
                .build()).certificate();

        assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH, CLIENT_AUTH);
    }

    @Test
    void leafValidityDefaultsToAnHourAgoUntil825DaysFromNow() {
        Instant before = Instant.now();
        X509Certificate leaf = root.issue(LeafRequest.builder("mx.caducee.test").clientAuth(true).build())
                .certificate();

        assertThat(leaf.getNotBefore().toInstant())
                .isBetween(before.minus(Duration.ofHours(1)).minusSeconds(2), before.minus(Duration.ofMinutes(59)));
        assertThat(leaf.getNotAfter().toInstant())
                .isBetween(before.plus(Duration.ofDays(825)).minusSeconds(2), before.plus(Duration.ofDays(825)).plusSeconds(60));
    }

    @Test
    void rsaLeafAlsoAllowsKeyEncipherment() throws Exception {
        CertificateAuthority rsaRoot = Pkix.root("RSA test root", KeyAlgorithm.RSA_3072);
        IssuedCertificate leaf = rsaRoot.issue(LeafRequest.builder("legacy.caducee.test")
                .serverAuth(true)
                .keyAlgorithm(KeyAlgorithm.RSA_3072)
                .build());

        assertThat(leaf.certificate().getKeyUsage()[DIGITAL_SIGNATURE]).isTrue();
        assertThat(leaf.certificate().getKeyUsage()[KEY_ENCIPHERMENT]).isTrue();
        assertThat(((RSAPublicKey) leaf.certificate().getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
        assertThat(leaf.certificate().getSigAlgName()).isEqualTo("SHA256withRSA");
        Pkix.validate(leaf.certificate(), rsaRoot.certificate());
    }

    @Test
    void expiredLeafIsRefusedByPkixValidation() {
        Instant now = Instant.now();
        IssuedCertificate expired = root.issue(LeafRequest.builder("old.caducee.test")
                .serverAuth(true)
                .validity(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)))
                .build());

        assertThatThrownBy(() -> Pkix.validate(expired.certificate(), root.certificate()))
                .isInstanceOfSatisfying(CertPathValidatorException.class,
                        e -> assertThat(e.getReason()).isEqualTo(CertPathValidatorException.BasicReason.EXPIRED))
                .hasCauseInstanceOf(CertificateExpiredException.class);
    }

    @Test
    void leafNeverOutlivesItsAuthority() throws Exception {
        Instant now = Instant.now();
        CertificateAuthority shortLived = CertificateAuthority.createRoot("Short-lived root",
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));

        X509Certificate leaf = shortLived.issue(LeafRequest.builder("mx.caducee.test").serverAuth(true).build())
                .certificate();

        assertThat(leaf.getNotAfter()).isEqualTo(shortLived.certificate().getNotAfter());
        Pkix.validate(leaf, shortLived.certificate());
    }

    @Test
    void leafStartingAfterItsAuthorityExpiresIsRefused() {
        Instant now = Instant.now();
        CertificateAuthority shortLived = CertificateAuthority.createRoot("Short-lived root",
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        LeafRequest tooLate = LeafRequest.builder("mx.caducee.test")
                .serverAuth(true)
                .validity(now.plus(Duration.ofDays(31)), now.plus(Duration.ofDays(60)))
                .build();

        assertThatThrownBy(() -> shortLived.issue(tooLate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after its CA expires");
    }

    @Test
    void requestWithoutAnyExtendedKeyUsageIsRefused() {
        assertThatThrownBy(() -> LeafRequest.builder("mx.caducee.test").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("serverAuth, clientAuth or both");
    }

    @Test
    void internationalisedHostNamesGoInTheirPunycodeForm() throws Exception {
        X509Certificate leaf = root.issue(LeafRequest.builder("mx.hôpital.test")
                .dnsName("mx.hôpital.test")
                .serverAuth(true)
                .build()).certificate();

        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(2, "mx.xn--hpital-ixa.test"));
    }

    @Test
    void savedAuthorityReloadsAndIssuesLeavesThatChainToTheSameRoot() throws Exception {
        Path certificate = directory.resolve("ca.pem");
        Path key = directory.resolve("ca.key.pem");
        root.save(certificate, key);

        CertificateAuthority reloaded = CertificateAuthority.load(certificate, key);
        IssuedCertificate leaf = reloaded.issue(LeafRequest.builder("mx.caducee.test").serverAuth(true).build());

        assertThat(reloaded.certificate()).isEqualTo(root.certificate());
        Pkix.validate(leaf.certificate(), root.certificate());
    }

    @Test
    void loadingRefusesAKeyThatDoesNotMatchTheCertificate() throws Exception {
        Path certificate = directory.resolve("ca.pem");
        Path key = directory.resolve("other.key.pem");
        Pem.writeCertificate(certificate, root.certificate());
        Pem.writePrivateKey(key, Pkix.root("Other root").privateKey());

        assertThatThrownBy(() -> CertificateAuthority.load(certificate, key))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("private key does not match the certificate");
    }

    @Test
    void loadingRefusesALeafCertificateAsAuthority() throws Exception {
        IssuedCertificate leaf = root.issue(LeafRequest.builder("mx.caducee.test").serverAuth(true).build());
        Path certificate = directory.resolve("leaf.pem");
        Path key = directory.resolve("leaf.key.pem");
        leaf.writeCertificatePem(certificate);
        leaf.writePrivateKeyPem(key);

        assertThatThrownBy(() -> CertificateAuthority.load(certificate, key))
                .isInstanceOf(PkiException.class)
                .hasMessageContaining("CN=mx.caducee.test is not a CA certificate");
    }

    @Test
    void revocationListIsSignedByTheAuthorityAndListsTheRevokedSerials() throws Exception {
        IssuedCertificate revoked = root.issue(LeafRequest.builder("mx.revoque.test").clientAuth(true).build());
        Instant now = Instant.now();

        X509CRL crl = root.issueRevocationList(List.of(CertificateAuthority.Revocation.of(revoked.certificate(), now)),
                now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(7)));

        crl.verify(root.certificate().getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(root.certificate().getSubjectX500Principal());
        assertThat(crl.isRevoked(revoked.certificate())).isTrue();
        assertThat(crl.getNextUpdate()).isAfter(java.util.Date.from(now));
        assertThat(crl.getExtensionValue(Extension.cRLNumber.getId())).isNotNull();
    }

    @Test
    void jdkPathValidationRefusesACertificateOnTheListAndAcceptsTheOthers() throws Exception {
        IssuedCertificate revoked = root.issue(LeafRequest.builder("mx.revoque.test").clientAuth(true).build());
        IssuedCertificate valid = root.issue(LeafRequest.builder("mx.valide.test").clientAuth(true).build());
        Instant now = Instant.now();
        X509CRL crl = root.issueRevocationList(List.of(CertificateAuthority.Revocation.of(revoked.certificate(), now)),
                now.minus(Duration.ofMinutes(1)), now.plus(Duration.ofDays(7)));

        validateWithCrl(valid.certificate(), crl);
        assertThatThrownBy(() -> validateWithCrl(revoked.certificate(), crl))
                .isInstanceOfSatisfying(CertPathValidatorException.class, e ->
                        assertThat(e.getReason()).isEqualTo(CertPathValidatorException.BasicReason.REVOKED));
    }

    @Test
    void revocationListMustEndAfterItStarts() {
        Instant now = Instant.now();
        assertThatThrownBy(() -> root.issueRevocationList(List.of(), now, now))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void validateWithCrl(X509Certificate leaf, X509CRL crl) throws Exception {
        CertPath path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf));
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root.certificate(), null)));
        parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(crl))));
        CertPathValidator validator = CertPathValidator.getInstance("PKIX");
        PKIXRevocationChecker revocation = (PKIXRevocationChecker) validator.getRevocationChecker();
        revocation.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK));
        parameters.addCertPathChecker(revocation);
        validator.validate(path, parameters);
    }

    private static byte[] subjectKeyIdentifier(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        return SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets()).getKeyIdentifier();
    }

    private static byte[] authorityKeyIdentifier(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        return AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(value).getOctets()).getKeyIdentifier();
    }
}
