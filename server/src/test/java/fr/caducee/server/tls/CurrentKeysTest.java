package fr.caducee.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.server.TlsMaterial;
import fr.caducee.trust.pki.IssuedCertificate;

class CurrentKeysTest {
    @TempDir
    Path folder;

    @Test
    void anAliasChosenBeforeAReloadStillGivesTheKeyAndChainOfItsOwnReading() throws Exception {
        TlsFixture fixture = new TlsFixture(folder);
        TlsMaterial tls = fixture.material();
        CurrentKeys keys = tls.keyManager();
        String chosen = keys.chooseEngineServerAlias("EC", null, null);
        var before = tls.certificate();

        IssuedCertificate renewed = fixture.writeServerKeystore(Duration.ofDays(500));
        tls.reload();

        assertThat(chosen).startsWith("1#");
        assertThat(keys.getCertificateChain(chosen)[0]).isEqualTo(before);
        assertThat(keys.getPrivateKey(chosen)).isNotNull().isNotEqualTo(renewed.privateKey());
        String next = keys.chooseEngineServerAlias("EC", null, null);
        assertThat(next).startsWith("2#");
        assertThat(keys.getCertificateChain(next)[0]).isEqualTo(renewed.certificate());
        assertThat(keys.getPrivateKey(next)).isEqualTo(renewed.privateKey());
    }

    @Test
    void anAliasOfAReadingTwoReloadsOldOrNotOursGivesNothing() throws Exception {
        TlsFixture fixture = new TlsFixture(folder);
        TlsMaterial tls = fixture.material();
        CurrentKeys keys = tls.keyManager();
        String chosen = keys.chooseEngineServerAlias("EC", null, null);

        tls.reload();
        tls.reload();

        assertThat(keys.getCertificateChain(chosen)).isNull();
        assertThat(keys.getPrivateKey("caducee")).isNull();
        assertThat(keys.getPrivateKey(null)).isNull();
    }
}
