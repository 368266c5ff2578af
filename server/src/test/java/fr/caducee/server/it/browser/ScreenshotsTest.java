package fr.caducee.server.it.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.caducee.testkit.CaduceeProcess;

class ScreenshotsTest {
    private final Path root = CaduceeProcess.repositoryRoot();
    private String given;

    @BeforeEach
    void startWithoutTheProperty() {
        given = System.clearProperty(Screenshots.PROPERTY);
    }

    @AfterEach
    void giveThePropertyBack() {
        System.clearProperty(Screenshots.PROPERTY);
        if (given != null) {
            System.setProperty(Screenshots.PROPERTY, given);
        }
    }

    @Test
    void anOrdinaryRunShouldWriteUnderTargetOnly() {
        assertThat(Screenshots.folders()).containsExactly(root.resolve("server/target/screenshots"));
    }

    @Test
    void aRunAskingForDocsShouldAlsoWriteUnderDocs() {
        System.setProperty(Screenshots.PROPERTY, "docs");

        assertThat(Screenshots.folders())
            .containsExactly(root.resolve("server/target/screenshots"), root.resolve("docs/screenshots"));
    }

    @Test
    void anyOtherValueShouldLeaveDocsAlone() {
        System.setProperty(Screenshots.PROPERTY, "yes");

        assertThat(Screenshots.folders()).containsExactly(root.resolve("server/target/screenshots"));
    }
}
