package fr.caducee.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

class DemoExposureTest {

    @Test
    void aDemoServerWithNoBindGivenExposesNoListener() {
        assertThat(DemoExposure.exposedListeners(Settings.of(Map.of()))).isEmpty();
    }

    @Test
    void listenersBoundBeyondLoopbackAreNamedWithTheirBind() {
        Settings settings = Settings.of(Map.of(Setting.IMAPS_BIND, "0.0.0.0:993", Setting.MX_BIND, "[::1]:25",
            Setting.SUBMISSION_BIND, "localhost:587"));

        assertThat(DemoExposure.exposedListeners(settings)).containsExactly(Map.entry("caducee.imaps.bind", "0.0.0.0:993"));
    }

    @Test
    void withoutDemoEveryPublicListenerIsOnAllInterfacesByDefault() {
        assertThat(DemoExposure.exposedListeners(Settings.of(Map.of(Setting.DEMO, "false"))))
            .containsKeys("caducee.mx.bind", "caducee.submission.bind", "caducee.submissions.bind", "caducee.imap.bind",
                "caducee.imaps.bind", "caducee.api.bind", "caducee.webmail.bind");
    }

    @Test
    void theWarningNamesTheAccountsFileTheListenersAndWhatToDo() {
        String warning = DemoExposure.warning(Map.of("caducee.imaps.bind", "0.0.0.0:993"),
            Path.of("/srv/caducee/demo-accounts.txt"));

        assertThat(warning).contains("/srv/caducee/demo-accounts.txt").contains("caducee.imaps.bind=0.0.0.0:993")
            .contains("caducee.demo=false");
    }
}
