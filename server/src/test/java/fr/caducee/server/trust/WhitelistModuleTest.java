package fr.caducee.server.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;
import fr.caducee.trust.whitelist.Whitelist;
import fr.caducee.trust.whitelist.WhitelistRefresher;

/**
 * The server's start with ANS's real lists (the fixtures of the directory module, from ansforge/MSS-liste-blanche):
 * the settings are read, a good list with its checksum loads, a truncated one stops the start.
 */
class WhitelistModuleTest {
    @TempDir
    Path dir;

    private WhitelistRefresher refresher;
    private Settings settings;

    @AfterEach
    void clean() {
        if (refresher != null) {
            refresher.stop();
        }
    }

    private static Path fixture(String name) {
        for (Path root = Path.of("").toAbsolutePath(); root != null; root = root.getParent()) {
            Path file = root.resolve("trust/src/test/resources/whitelist/ans").resolve(name);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("fixture " + name + " not found above the working directory");
    }

    private Path gunzip(String name) throws Exception {
        Path out = dir.resolve(name.replace(".gz", ""));
        try (InputStream in = new GZIPInputStream(Files.newInputStream(fixture(name)))) {
            Files.copy(in, out);
        }
        return out;
    }

    private WhitelistRefresher configured(Path list, Path checksum) throws Exception {
        settings = Settings.of(Map.of(Setting.WHITELIST, list.toString(), Setting.WHITELIST_CHECKSUM, checksum.toString()));
        refresher = new WhitelistModule(settings, dir).refresher();
        return refresher;
    }

    @Test
    void startsWithAnsFullListAndItsChecksum() throws Exception {
        Path list = gunzip("listeblanchemssante-2025-03-13.xml.gz");
        Path checksum = Files.writeString(dir.resolve("checksum"),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(list))));
        WhitelistRefresher configured = configured(list, checksum);

        new WhitelistModule.Lifecycle(configured, settings).start();

        Whitelist current = configured.current();
        assertThat(configured.checksumSource()).contains(checksum.toString());
        assertThat(configured.lastOutcome().orElseThrow().reason()).contains("checksum verified");
        assertThat(current.generatedAt()).contains(Instant.parse("2025-03-13T14:54:10Z"));
        assertThat(current.size()).isEqualTo(5_001);
        assertThat(current.entryCount()).isEqualTo(6_553);
        assertThat(current.operatorCount()).isEqualTo(384);
    }

    @Test
    void refusesToStartOnAListAsPublishedWithoutItsClosingTagEvenWithItsRealChecksum() throws Exception {
        Path list = gunzip("listeblanchemssante-37d96c9-as-published.xml.gz");
        WhitelistRefresher configured = configured(list, fixture("checksum-37d96c9"));

        assertThatThrownBy(() -> new WhitelistModule.Lifecycle(configured, settings).start())
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("The whitelist could not be loaded: invalid document: ")
            .hasMessageContaining("not a well-formed XML document");
        assertThat(configured.current().size()).isZero();
    }
}
