package fr.caducee.server.smime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.server.ServerLayout;
import fr.caducee.server.TlsMaterial;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.trust.pki.DevPki;

class OperatorSignatureTest {
    @TempDir
    Path data;

    /** TlsMaterial publishes where its material is for James's XML: not for the other tests of this JVM. */
    @AfterEach
    void forgetTheTlsMaterial() {
        for (Setting published : List.of(Setting.TLS_KEYSTORE, Setting.TLS_TRUSTSTORE, Setting.CRL_DEVELOPMENT)) {
            System.clearProperty(published.key());
        }
    }

    @Test
    void withTheDevelopmentPkiTheOperatorSignsWithItsSigningKeystore() throws Exception {
        ServerLayout layout = layout();
        Settings settings = Settings.of(Map.of(Setting.DEFAULT_DOMAIN, "chu-exemple.localhost"));

        OperatorSignature signature = OperatorSignature.prepare(layout, settings, TlsMaterial.prepare(layout, settings));

        assertThat(signature.signer()).get().satisfies(signer -> {
            assertThat(signer.certificate().getSubjectX500Principal().getName())
                .isEqualTo(DevPki.OPERATOR_SIGNING_SUBJECT);
            assertThat(signer.certificate().getSubjectAlternativeNames().toString())
                .contains("postmaster@chu-exemple.localhost");
        });
        assertThat(layout.pkiDir().resolve(DevPki.OPERATOR_SIGNING_KEYSTORE_FILE)).exists();
        assertThat(signature.verify()).isTrue();
    }

    @Test
    void signingTurnedOffLeavesNoSignerAndVerificationAsSet() throws Exception {
        ServerLayout layout = layout();
        Settings settings = Settings.of(Map.of(Setting.SMIME_SIGN, "false", Setting.SMIME_VERIFY, "false"));

        OperatorSignature signature = OperatorSignature.prepare(layout, settings, TlsMaterial.prepare(layout, settings));

        assertThat(signature.signer()).isEmpty();
        assertThat(signature.verify()).isFalse();
        assertThat(layout.pkiDir().resolve(DevPki.OPERATOR_SIGNING_KEYSTORE_FILE)).doesNotExist();
    }

    @Test
    void aKeystoreThatCannotBeReadStopsTheStartNamingTheSetting() throws Exception {
        ServerLayout layout = layout();
        Path missing = data.resolve("absent.p12");
        Settings settings = Settings.of(Map.of(Setting.SMIME_KEYSTORE, missing.toString()));
        TlsMaterial tls = TlsMaterial.prepare(layout, settings);

        assertThatThrownBy(() -> OperatorSignature.prepare(layout, settings, tls))
            .hasMessageContaining(Setting.SMIME_KEYSTORE.key()).hasMessageContaining("cannot be read");
    }

    @Test
    void aKeystoreWithoutItsPasswordStopsTheStartSayingWhereToPutIt() throws Exception {
        ServerLayout layout = layout();
        Path keystore = Files.createFile(data.resolve("operator.p12"));
        Settings settings = Settings.of(Map.of(Setting.SMIME_KEYSTORE, keystore.toString()));
        TlsMaterial tls = TlsMaterial.prepare(layout, settings);

        assertThatThrownBy(() -> OperatorSignature.prepare(layout, settings, tls))
            .hasMessageContaining(Setting.SMIME_SECRET_FILE.key()).hasMessageContaining("CADUCEE_SMIME_SECRET");
    }

    private ServerLayout layout() throws Exception {
        Path anchors = Files.createDirectories(data.resolve("trust-anchors"));
        return new ServerLayout(data, Files.createDirectories(data.resolve("conf")), anchors, List.of("localhost"),
            false);
    }
}
