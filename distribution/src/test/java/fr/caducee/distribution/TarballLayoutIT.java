package fr.caducee.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tarball, unpacked with tar as an operator would: the layout README's "Install on a server" describes. */
class TarballLayoutIT {
    @TempDir
    static Path unpacked;
    static Path home;

    @BeforeAll
    static void unpack() {
        home = Distribution.unpack(unpacked);
    }

    @Test
    void tarballShouldHoldOneFolderNamedWithTheVersion() throws IOException {
        try (Stream<Path> top = Files.list(unpacked)) {
            assertThat(top.map(path -> path.getFileName().toString())).containsExactly("caducee-" + Distribution.VERSION);
        }
        assertThat(Distribution.TARBALL.getFileName().toString()).isEqualTo("caducee-" + Distribution.VERSION + ".tar.gz");
    }

    @Test
    void launcherShouldBeAnExecutableShellScript() throws IOException {
        Path launcher = home.resolve("bin/caducee");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(launcher))).isEqualTo("rwxr-xr-x");
        assertThat(Files.readAllLines(launcher).get(0)).isEqualTo("#!/bin/sh");
    }

    @Test
    void libShouldHoldTheServerAndItsRuntimeDependenciesOnly() throws IOException {
        List<String> jars;
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            jars = lib.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".jar")).toList();
        }
        assertThat(jars).contains("caducee-server-" + Distribution.VERSION + ".jar", "picocli-4.7.7.jar")
            .anyMatch(name -> name.startsWith("james-server-guice-common-"))
            .noneMatch(name -> name.startsWith("junit-") || name.startsWith("assertj-") || name.startsWith("awaitility-")
                || name.startsWith("mockito-") || name.startsWith("caducee-testkit-") || name.startsWith("derby-"));
    }

    @Test
    void libShouldBeTheClassPathTheServersBuildRuns() throws IOException {
        Path serverLib = Path.of("..").toAbsolutePath().normalize().resolve("server/target/lib");
        assumeThat(serverLib).as("the server's build output (mvn package from the root)").isDirectory();
        List<String> expected;
        try (Stream<Path> lib = Files.list(serverLib)) {
            expected = Stream.concat(lib.map(path -> path.getFileName().toString()),
                Stream.of("caducee-server-" + Distribution.VERSION + ".jar")).toList();
        }
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            assertThat(lib.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".jar")))
                .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void confShouldBeTheRepositorysConfigurationAsIsWithTheJvmOptions() throws IOException {
        Path repository = Path.of("..").toAbsolutePath().normalize().resolve("james-config");
        try (Stream<Path> shipped = Files.list(repository)) {
            for (Path file : shipped.toList()) {
                assertThat(home.resolve("conf").resolve(file.getFileName())).hasSameBinaryContentAs(file);
            }
        }
        assertThat(home.resolve("conf/jvm.options")).content().contains("-Xmx1g");
    }

    @Test
    void distributionShouldCarryTheAnchorsFolderTheUnitTheInstallNotesAndTheVersion() throws IOException {
        assertThat(home.resolve("trust-anchors/README.md")).isRegularFile();
        assertThat(home.resolve("systemd/caducee.service")).content().contains("ExecStart=/usr/share/caducee/bin/caducee run");
        assertThat(home.resolve("INSTALL")).content().contains("caducee check");
        assertThat(Files.readString(home.resolve("VERSION")).strip()).isEqualTo(Distribution.VERSION);
    }

    @Test
    void noFileShouldBeWritableByOthersNorHoldAPrivateKey() throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.getPosixFilePermissions(file)).as(file.toString())
                    .doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
                if (!file.toString().endsWith(".jar")) {
                    assertThat(Files.readString(file)).as(file.toString()).doesNotContain("PRIVATE KEY");
                }
            }
        }
    }
}
