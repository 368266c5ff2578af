package fr.caducee.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.audit.AuditRecord;
import fr.caducee.audit.AuditTrail;
import fr.caducee.audit.Decision;
import fr.caducee.server.TlsMaterial;
import fr.caducee.trust.certificate.CertificateValidator;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.Pem;
import fr.caducee.trust.revocation.RevocationLists;

class TlsReloadTest {
    @TempDir
    Path folder;

    private final List<AuditRecord> trail = new ArrayList<>();
    private final AuditTrail audit = trail::add;

    @Test
    void aReloadPutsTheNewMaterialInForceEverywhereAndIsAudited() throws Exception {
        TlsFixture fixture = new TlsFixture(folder);
        TlsMaterial tls = fixture.material();
        Path crl = folder.resolve("root.crl");
        Pem.writeRevocationList(crl, fixture.ca.issueRevocationList(List.of(), Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofDays(7))));
        RevocationLists lists = new RevocationLists(List.of(crl.toString()), tls.anchors(), Clock.systemUTC());
        lists.refreshNow();
        CertificateValidator validator = new CertificateValidator(tls.anchors(), lists);
        CertificateAuthority added = CertificateAuthority.createRoot("Added", Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofDays(365)));
        Pem.writeCertificate(fixture.anchors.resolve("added.pem"), added.certificate());
        fixture.writeServerKeystore(Duration.ofDays(400));

        TlsReload.Outcome outcome = new TlsReload(tls, lists, validator, audit).reload("127.0.0.1");

        assertThat(outcome.loaded().certificate()).isEqualTo(tls.certificate());
        assertThat(outcome.loaded().anchors().certificates()).contains(added.certificate());
        assertThat(lists.anchors()).contains(added.certificate());
        assertThat(outcome.lists()).hasSize(1);
        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.TLS_RELOADED);
            assertThat(record.rule()).isEqualTo("tls-reloaded");
            assertThat(record.reason()).contains(tls.certificate().getSerialNumber().toString(16))
                .contains("2 trust anchor(s)").contains("1 revocation list(s) in force");
            assertThat(record.via()).isEqualTo("webadmin");
        });
    }

    @Test
    void aRevocationListFileNoNewAnchorSignsRefusesTheReloadAndNothingChanges() throws Exception {
        TlsFixture fixture = new TlsFixture(folder);
        TlsMaterial tls = fixture.material();
        Path crl = folder.resolve("root.crl");
        Pem.writeRevocationList(crl, fixture.ca.issueRevocationList(List.of(), Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofDays(7))));
        RevocationLists lists = new RevocationLists(List.of(crl.toString()), tls.anchors(), Clock.systemUTC());
        lists.refreshNow();
        var inForce = tls.certificate();
        // The anchors folder now holds another CA only: the root's list would be signed by no anchor.
        CertificateAuthority other = CertificateAuthority.createRoot("Other", Instant.now().minusSeconds(60),
            Instant.now().plus(Duration.ofDays(365)));
        Files.delete(fixture.anchors.resolve("root.pem"));
        Pem.writeCertificate(fixture.anchors.resolve("other.pem"), other.certificate());
        fixture.writeServerKeystore(Duration.ofDays(400));

        TlsReload reload = new TlsReload(tls, lists, new CertificateValidator(tls.anchors(), lists), audit);

        assertThatThrownBy(() -> reload.reload("127.0.0.1")).isInstanceOf(InvalidTlsMaterialException.class)
            .hasMessageContaining("revocation list(s) that cannot be used with the new trust anchors");
        assertThat(tls.certificate()).isEqualTo(inForce);
        assertThat(lists.inForce()).hasSize(1);
        assertThat(trail).singleElement().satisfies(record -> {
            assertThat(record.decision()).isEqualTo(Decision.REFUSED);
            assertThat(record.rule()).isEqualTo("tls-reload-refused");
            assertThat(record.reason()).startsWith("400 ");
        });
    }
}
