package fr.caducee.trust.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.trust.certificate.CertificateValidator.Outcome;
import fr.caducee.trust.certificate.CertificateValidator.Problem;
import fr.caducee.trust.pki.CertificateAuthority.Revocation;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.IssuedCertificate;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.Pem;
import fr.caducee.trust.revocation.RevocationLists;

class CertificateValidatorTest {
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

    private final CertificateAuthority root = CertificateAuthority.createRoot("IGC-Santé de test",
        NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(3650)));
    private final IssuedCertificate peer = issue("mx.chu-exemple.localhost", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)));
    private final IssuedCertificate revokedPeer = issue("mx.revoque.localhost", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)));

    @TempDir
    Path folder;

    @Test
    void certificateOfTheAnchorNotOnItsListIsValid() throws Exception {
        CertificateValidator validator = validator(crl(NOW, NOW.plus(Duration.ofDays(7))));

        assertThat(validator.validate(peer.chain(), NOW).outcome()).isEqualTo(Outcome.VALID);
    }

    @Test
    void certificateOnItsCasListIsRefusedWithItsSerialAndDate() throws Exception {
        CertificateValidator validator = validator(crl(NOW, NOW.plus(Duration.ofDays(7))));

        CertificateValidator.Verdict verdict = validator.validate(revokedPeer.chain(), NOW);

        assertThat(verdict.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(verdict.problem()).isEqualTo(Problem.REVOKED);
        assertThat(verdict.sentence()).contains("CN=mx.revoque.localhost")
            .contains(revokedPeer.certificate().getSerialNumber().toString(16))
            .contains("was revoked").contains("KEY_COMPROMISE");
    }

    @Test
    void certificatePastItsNotAfterIsRefusedWithTheDate() throws Exception {
        IssuedCertificate expired = issue("mx.expire.localhost", NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1)));
        CertificateValidator validator = validator(crl(NOW, NOW.plus(Duration.ofDays(7))));

        CertificateValidator.Verdict verdict = validator.validate(expired.chain(), NOW);

        assertThat(verdict.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(verdict.problem()).isEqualTo(Problem.EXPIRED);
        assertThat(verdict.sentence()).contains("expired on " + expired.certificate().getNotAfter().toInstant());
    }

    @Test
    void certificateOfAnotherCaIsRefused() throws Exception {
        CertificateAuthority rogue = CertificateAuthority.createRoot("Rogue", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
        IssuedCertificate foreign = rogue.issue(LeafRequest.builder("mx.rogue.localhost").clientAuth(true)
            .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(10))).build());
        CertificateValidator validator = validator(crl(NOW, NOW.plus(Duration.ofDays(7))));

        CertificateValidator.Verdict verdict = validator.validate(foreign.chain(), NOW);

        assertThat(verdict.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(verdict.problem()).isEqualTo(Problem.UNTRUSTED);
    }

    @Test
    void withoutAListFromTheCaTheStatusIsUndetermined() {
        RevocationLists none = new RevocationLists(List.of(), List.of(root.certificate()), clockAt(NOW));
        CertificateValidator validator = new CertificateValidator(List.of(root.certificate()), none);

        CertificateValidator.Verdict verdict = validator.validate(peer.chain(), NOW);

        assertThat(verdict.outcome()).isEqualTo(Outcome.UNDETERMINED);
        assertThat(verdict.problem()).isEqualTo(Problem.REVOCATION_UNKNOWN);
        assertThat(verdict.sentence()).contains("no current revocation list (CRL) from CN=IGC-Santé de test");
        assertThat(none.anchorsWithoutList()).containsExactly(root.certificate());
    }

    @Test
    void aListOfAnotherCaWithTheSameNameDoesNotCoverACertificate() throws Exception {
        CertificateAuthority twin = CertificateAuthority.createRoot("IGC-Santé de test", NOW.minus(Duration.ofDays(30)),
            NOW.plus(Duration.ofDays(3650)));
        IssuedCertificate twinPeer = twin.issue(LeafRequest.builder("mx.jumeau.localhost").clientAuth(true)
            .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))).build());
        Path file = folder.resolve("root.crl");
        Pem.writeRevocationList(file, crl(NOW, NOW.plus(Duration.ofDays(7))));
        RevocationLists lists = new RevocationLists(List.of(file.toString()), List.of(root.certificate(), twin.certificate()),
            clockAt(NOW));
        assertThat(lists.refreshNow()).isEmpty();
        CertificateValidator validator = new CertificateValidator(List.of(root.certificate(), twin.certificate()), lists);

        assertThat(validator.validate(twinPeer.chain(), NOW).outcome()).isEqualTo(Outcome.UNDETERMINED);
        assertThat(validator.validate(peer.chain(), NOW).outcome()).isEqualTo(Outcome.VALID);
        assertThat(lists.anchorsWithoutList()).containsExactly(twin.certificate());
    }

    @Test
    void aListPastItsNextUpdateNoLongerCountsAndTheStatusIsUndetermined() throws Exception {
        CertificateValidator validator = validator(crl(NOW, NOW.plus(Duration.ofHours(1))));

        assertThat(validator.validate(peer.chain(), NOW.plus(Duration.ofHours(2))).outcome()).isEqualTo(Outcome.UNDETERMINED);
    }

    @Test
    void listsNotSignedByAnAnchorExpiredOrOlderThanTheOneInForceAreRefusedAndTheLastGoodOneStays() throws Exception {
        Path file = folder.resolve("ca.crl");
        X509CRL good = crl(NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(7)));
        Pem.writeRevocationList(file, good);
        RevocationLists lists = new RevocationLists(List.of(file.toString()), List.of(root.certificate()), clockAt(NOW));
        assertThat(lists.refreshNow()).isEmpty();

        CertificateAuthority rogue = CertificateAuthority.createRoot("IGC-Santé de test", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
        Pem.writeRevocationList(file, rogue.issueRevocationList(List.of(), NOW, NOW.plus(Duration.ofDays(7))));
        assertThat(lists.refreshNow()).singleElement().satisfies(failure ->
            assertThat(failure.reason()).contains("not a trust anchor or did not sign it"));

        Pem.writeRevocationList(file, root.issueRevocationList(List.of(), NOW.minus(Duration.ofDays(8)), NOW.minus(Duration.ofDays(1))));
        assertThat(lists.refreshNow()).singleElement().satisfies(failure -> assertThat(failure.reason()).contains("expired on"));

        Pem.writeRevocationList(file, root.issueRevocationList(List.of(), NOW.minus(Duration.ofHours(5)), NOW.plus(Duration.ofDays(7))));
        assertThat(lists.refreshNow()).singleElement().satisfies(failure -> assertThat(failure.reason()).contains("older than the list in force"));

        Files.writeString(file, "not a list");
        assertThat(lists.refreshNow()).singleElement().satisfies(failure -> assertThat(failure.local()).isTrue());

        assertThat(lists.inForce()).extracting(RevocationLists.RevocationList::crl).containsExactly(good);
    }

    @Test
    void listServedOverHttpIsTakenAndAnHttpErrorKeepsItAsANetworkIncident() throws Exception {
        byte[][] served = {crl(NOW, NOW.plus(Duration.ofDays(7))).getEncoded()};
        int[] status = {200};
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/ca.crl", exchange -> {
            exchange.sendResponseHeaders(status[0], status[0] == 200 ? served[0].length : -1);
            if (status[0] == 200) {
                exchange.getResponseBody().write(served[0]);
            }
            exchange.close();
        });
        http.start();
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/ca.crl";
            RevocationLists lists = new RevocationLists(List.of(url), List.of(root.certificate()), clockAt(NOW));
            assertThat(lists.refreshNow()).isEmpty();
            assertThat(new CertificateValidator(List.of(root.certificate()), lists).validate(revokedPeer.chain(), NOW).problem())
                .isEqualTo(Problem.REVOKED);

            status[0] = 404;
            assertThat(lists.refreshNow()).singleElement().satisfies(failure -> {
                assertThat(failure.local()).isFalse();
                assertThat(failure.reason()).contains("HTTP status 404");
            });
            assertThat(lists.inForce()).hasSize(1);
        } finally {
            http.stop(0);
        }
    }

    @Test
    void aNewerListReplacesTheOneInForce() throws Exception {
        Path file = folder.resolve("ca.crl");
        Pem.writeRevocationList(file, root.issueRevocationList(List.of(), NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(7))));
        RevocationLists lists = new RevocationLists(List.of(file.toString()), List.of(root.certificate()), clockAt(NOW));
        lists.refreshNow();
        CertificateValidator validator = new CertificateValidator(List.of(root.certificate()), lists);
        assertThat(validator.validate(revokedPeer.chain(), NOW).outcome()).isEqualTo(Outcome.VALID);

        Pem.writeRevocationList(file, crl(NOW, NOW.plus(Duration.ofDays(7))));
        assertThat(lists.refreshNow()).isEmpty();

        assertThat(lists.inForce()).hasSize(1);
        assertThat(validator.validate(revokedPeer.chain(), NOW).outcome()).isEqualTo(Outcome.REFUSED);
    }

    @Test
    void aValidChainCheckedAgainOnTheSameConnectionReusesItsVerdict() throws Exception {
        CertificateValidator validator = validator(crl(NOW, NOW.plus(Duration.ofDays(7))));

        CertificateValidator.Checked first = validator.check(peer.chain(), NOW, Optional.empty());
        CertificateValidator.Checked again = validator.check(peer.chain(), NOW.plus(Duration.ofHours(2)), first.reusable());

        assertThat(first.verdict().valid()).isTrue();
        assertThat(again.verdict().valid()).isTrue();
        assertThat(again.reusable()).containsSame(first.reusable().get());
    }

    @Test
    void aValidVerdictHoldsUntilTheFirstOfTheChainAndListsExpires() throws Exception {
        IssuedCertificate shortLived = issue("mx.court.localhost", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2)));
        CertificateValidator validator = validator(crl(NOW, NOW.plus(Duration.ofDays(7))));

        CertificateValidator.Checked first = validator.check(shortLived.chain(), NOW, Optional.empty());

        assertThat(first.reusable().get().until()).isEqualTo(shortLived.certificate().getNotAfter().toInstant());
        assertThat(validator.check(peer.chain(), NOW, Optional.empty()).reusable().get().until())
            .isEqualTo(NOW.plus(Duration.ofDays(7)));
    }

    @Test
    void aCertificateExpiredSinceTheLastCheckIsRefused() throws Exception {
        IssuedCertificate shortLived = issue("mx.court.localhost", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2)));
        CertificateValidator validator = validator(crl(NOW, NOW.plus(Duration.ofDays(7))));
        CertificateValidator.Checked first = validator.check(shortLived.chain(), NOW, Optional.empty());

        CertificateValidator.Checked later = validator.check(shortLived.chain(), NOW.plus(Duration.ofDays(3)), first.reusable());

        assertThat(later.verdict().problem()).isEqualTo(Problem.EXPIRED);
        assertThat(later.reusable()).isEmpty();
    }

    @Test
    void aCertificateRevokedByANewListSinceTheLastCheckIsRefused() throws Exception {
        Path file = folder.resolve("ca.crl");
        Pem.writeRevocationList(file, root.issueRevocationList(List.of(), NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(7))));
        RevocationLists lists = new RevocationLists(List.of(file.toString()), List.of(root.certificate()), clockAt(NOW));
        lists.refreshNow();
        CertificateValidator validator = new CertificateValidator(List.of(root.certificate()), lists);
        CertificateValidator.Checked first = validator.check(revokedPeer.chain(), NOW, Optional.empty());
        assertThat(first.verdict().valid()).isTrue();

        Pem.writeRevocationList(file, crl(NOW, NOW.plus(Duration.ofDays(7))));
        assertThat(lists.refreshNow()).isEmpty();

        assertThat(validator.check(revokedPeer.chain(), NOW, first.reusable()).verdict().problem()).isEqualTo(Problem.REVOKED);
    }

    @Test
    void aListWithdrawnSinceTheLastCheckLeavesTheStatusUndetermined() throws Exception {
        Path file = folder.resolve("ca.crl");
        Pem.writeRevocationList(file, crl(NOW, NOW.plus(Duration.ofDays(7))));
        RevocationLists lists = new RevocationLists(List.of(file.toString()), List.of(root.certificate()), clockAt(NOW));
        lists.refreshNow();
        CertificateValidator validator = new CertificateValidator(List.of(root.certificate()), lists);
        CertificateValidator.Checked first = validator.check(peer.chain(), NOW, Optional.empty());

        lists.withdrawExpired(NOW.plus(Duration.ofDays(8)));

        assertThat(validator.check(peer.chain(), NOW.plus(Duration.ofHours(1)), first.reusable()).verdict().outcome())
            .isEqualTo(Outcome.UNDETERMINED);
    }

    @Test
    void anotherChainIsValidatedForItself() throws Exception {
        CertificateValidator validator = validator(crl(NOW, NOW.plus(Duration.ofDays(7))));
        CertificateValidator.Checked first = validator.check(peer.chain(), NOW, Optional.empty());

        CertificateValidator.Checked other = validator.check(revokedPeer.chain(), NOW, first.reusable());

        assertThat(other.verdict().problem()).isEqualTo(Problem.REVOKED);
    }

    @Test
    void outboundTrustManagerRefusesARevokedServerAndAcceptsAValidOne() throws Exception {
        IssuedCertificate server = root.issue(LeafRequest.builder("mx.valide.localhost").serverAuth(true).build());
        IssuedCertificate revokedServer = root.issue(LeafRequest.builder("mx.revoque.localhost").serverAuth(true).build());
        X509CRL crl = root.issueRevocationList(List.of(Revocation.of(revokedServer.certificate(), Instant.now())),
            Instant.now().minus(Duration.ofMinutes(1)), Instant.now().plus(Duration.ofDays(7)));
        Path file = folder.resolve("ca.crl");
        Pem.writeRevocationList(file, crl);
        RevocationLists lists = new RevocationLists(List.of(file.toString()), List.of(root.certificate()), Clock.systemUTC());
        lists.refreshNow();
        var trustManager = new CertificateValidator(List.of(root.certificate()), lists).trustManager();

        trustManager.checkServerTrusted(server.chain().toArray(new X509Certificate[0]), "ECDHE_ECDSA");
        assertThatThrownBy(() -> trustManager.checkServerTrusted(revokedServer.chain().toArray(new X509Certificate[0]), "ECDHE_ECDSA"))
            .isInstanceOf(CertificateException.class).hasMessageContaining("revoked");
    }

    @Test
    void anAnchorPutInForceByAReloadValidatesItsPeersFromTheNextCheck() throws Exception {
        CertificateAuthority added = CertificateAuthority.createRoot("IGC-Santé ajoutée", NOW.minus(Duration.ofDays(1)),
            NOW.plus(Duration.ofDays(3650)));
        IssuedCertificate newcomer = added.issue(LeafRequest.builder("mx.nouveau.localhost").clientAuth(true)
            .validity(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(10))).build());
        Path list = folder.resolve("added.crl");
        Pem.writeRevocationList(list, added.issueRevocationList(List.of(), NOW.minus(Duration.ofMinutes(1)),
            NOW.plus(Duration.ofDays(7))));
        RevocationLists lists = new RevocationLists(List.of(list.toString()), List.of(root.certificate()), clockAt(NOW));
        assertThat(lists.refreshNow()).hasSize(1);
        CertificateValidator validator = new CertificateValidator(List.of(root.certificate()), lists);
        assertThat(validator.validate(newcomer.chain(), NOW).problem()).isEqualTo(Problem.UNTRUSTED);

        assertThat(lists.useAnchors(List.of(root.certificate(), added.certificate()))).isEmpty();
        validator.useAnchors(List.of(root.certificate(), added.certificate()));

        assertThat(validator.validate(newcomer.chain(), NOW).outcome()).isEqualTo(Outcome.VALID);
        assertThat(lists.inForce()).extracting(RevocationLists.RevocationList::issuer).containsExactly(added.certificate());
    }

    @Test
    void anAnchorRemovedByAReloadTakesItsListAndItsPeersWithIt() throws Exception {
        CertificateValidator validator = validator(crl(NOW, NOW.plus(Duration.ofDays(7))));
        CertificateAuthority other = CertificateAuthority.createRoot("Autre IGC", NOW.minus(Duration.ofDays(1)),
            NOW.plus(Duration.ofDays(3650)));

        validator.useAnchors(List.of(other.certificate()));

        assertThat(validator.validate(peer.chain(), NOW).problem()).isEqualTo(Problem.UNTRUSTED);
        assertThatThrownBy(() -> validator.useAnchors(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listsWhoseCaIsNoLongerAnAnchorAreWithdrawnAtTheReload() throws Exception {
        Path file = folder.resolve("root.crl");
        Pem.writeRevocationList(file, crl(NOW, NOW.plus(Duration.ofDays(7))));
        RevocationLists lists = new RevocationLists(List.of(file.toString()), List.of(root.certificate()), clockAt(NOW));
        assertThat(lists.refreshNow()).isEmpty();
        CertificateAuthority other = CertificateAuthority.createRoot("Autre IGC", NOW.minus(Duration.ofDays(1)),
            NOW.plus(Duration.ofDays(3650)));

        List<RevocationLists.Failure> failures = lists.useAnchors(List.of(other.certificate()));

        assertThat(lists.inForce()).isEmpty();
        assertThat(failures).singleElement().satisfies(failure -> assertThat(failure.reason())
            .contains("not a trust anchor"));
    }

    private CertificateValidator validator(X509CRL crl) throws Exception {
        Path file = folder.resolve("ca-" + System.nanoTime() + ".crl");
        Pem.writeRevocationList(file, crl);
        RevocationLists lists = new RevocationLists(List.of(file.toString()), List.of(root.certificate()), clockAt(NOW));
        assertThat(lists.refreshNow()).isEmpty();
        return new CertificateValidator(List.of(root.certificate()), lists);
    }

    private X509CRL crl(Instant thisUpdate, Instant nextUpdate) {
        return root.issueRevocationList(List.of(Revocation.of(revokedPeer.certificate(), thisUpdate.minus(Duration.ofMinutes(1)))),
            thisUpdate.minus(Duration.ofMinutes(1)), nextUpdate);
    }

    private IssuedCertificate issue(String host, Instant notBefore, Instant notAfter) {
        return root.issue(LeafRequest.builder(host).dnsName(host).clientAuth(true).serverAuth(true)
            .validity(notBefore, notAfter).build());
    }

    private static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
