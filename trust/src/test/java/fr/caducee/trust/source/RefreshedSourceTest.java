package fr.caducee.trust.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefreshedSourceTest {

    private static final RefreshedSource.Options OPTIONS =
        new RefreshedSource.Options("test list", false, false, null, Duration.ofSeconds(5), 16);

    @TempDir
    Path folder;

    @Test
    void aFileIsReadWhole() throws Exception {
        Path file = Files.writeString(folder.resolve("list"), "version 1");

        assertThat(RefreshedSource.of(file.toString(), OPTIONS).read()).asString(StandardCharsets.UTF_8)
            .isEqualTo("version 1");
    }

    @Test
    void theSameBytesAsTheCopyMarkedGoodAreToldApartAndOthersAreNot() throws Exception {
        Path file = Files.writeString(folder.resolve("list"), "version 1");
        RefreshedSource source = RefreshedSource.of(file.toString(), OPTIONS);
        byte[] first = source.read();
        assertThat(source.isLastGood(first)).isFalse();

        source.markGood(first);

        assertThat(source.isLastGood(source.read())).isTrue();
        Files.writeString(file, "version 2");
        assertThat(source.isLastGood(source.read())).isFalse();
    }

    @Test
    void contentLargerThanTheLimitIsRefused() throws Exception {
        Path file = Files.writeString(folder.resolve("list"), "x".repeat(17));

        assertThatThrownBy(() -> RefreshedSource.of(file.toString(), OPTIONS).read())
            .isInstanceOf(IOException.class).hasMessage("document larger than 16 bytes");
    }

    @Test
    void plainHttpIsRefusedUnlessAllowedAndOtherSchemesAlways() {
        assertThatThrownBy(() -> RefreshedSource.of("http://lists.example/list", OPTIONS))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("test list URL must use https: http://lists.example/list");
        RefreshedSource.Options plain = new RefreshedSource.Options("test list", true, false, null, Duration.ofSeconds(5), 16);
        assertThat(RefreshedSource.of("http://lists.example/list", plain).isUrl()).isTrue();
        assertThatThrownBy(() -> RefreshedSource.of("ftp://lists.example/list", plain))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported test list source");
    }
}
