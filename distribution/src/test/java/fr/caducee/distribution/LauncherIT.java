package fr.caducee.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/caducee of the unpacked tarball, run as an operator runs it: its Java, its folders, its answers. */
class LauncherIT {
    @TempDir
    static Path unpacked;
    static Path home;

    @TempDir
    Path work;

    @BeforeAll
    static void unpack() {
        home = Distribution.unpack(unpacked);
    }

    @Test
    void versionShouldPrintTheVersionTheBuildWroteInTheServersManifest() {
        Distribution.Result result = Distribution.caducee(home, Map.of(), "--version").assertDone();

        assertThat(result.output().strip()).isEqualTo("Caducée " + Distribution.VERSION);
    }

    @Test
    void helpShouldListTheOperatorsCommandsAndExitWithZero() {
        Distribution.Result result = Distribution.caducee(home, Map.of(), "help").assertDone();

        assertThat(result.output()).contains("run", "check", "show", "queue", "backup", "reload", "directory");
    }

    @Test
    void anUnknownCommandShouldExitWithTwoAndNameItWithoutAStackTrace() {
        Distribution.Result result = Distribution.caducee(home, Map.of(), "strat");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errors()).contains("Unmatched argument at index 0: 'strat'");
        assertNoStackTrace(result);
    }

    @Test
    void checkOnTheShippedConfigurationShouldAnswerWithAnExitCodeAndNoStackTrace() {
        Distribution.Result result = Distribution.caducee(home, Map.of("CADUCEE_DATA", work.toString()), "check");

        assertThat(result.exitCode()).isBetween(0, 3);
        assertNoStackTrace(result);
    }

    @Test
    void aSymbolicLinkToTheLauncherShouldFindTheDistributionsHome() throws IOException {
        Path link = Files.createSymbolicLink(work.resolve("caducee"), home.resolve("bin/caducee"));

        Distribution.Result result = Distribution.run(List.of(link.toString(), "--version"), Map.of()).assertDone();

        assertThat(result.output()).contains(Distribution.VERSION);
    }

    @Test
    void foldersShouldDefaultToTheDistributionsOwn() {
        Map<String, String> properties = systemProperties(Map.of());

        assertThat(properties).containsEntry("caducee.config", home.resolve("conf").toString())
            .containsEntry("caducee.data", home.resolve("data").toString())
            .containsEntry("caducee.trustAnchors", home.resolve("trust-anchors").toString())
            .containsEntry("logback.configurationFile", home.resolve("lib/logback-command.xml").toString());
    }

    @Test
    void commandsSpeakingToTheServerShouldLookForItsOperatorKeyInTheSameDataFolder() {
        Distribution.Result result = Distribution.run(List.of(home.resolve("bin/caducee").toString(), "directory", "token"),
            Map.of("CADUCEE_DATA", ""), work);

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.console()).contains("cannot read the operator key "
            + home.resolve("data/pki/webadmin/operator-key.pem"));
        assertNoStackTrace(result);
    }

    @Test
    void foldersNamedByTheEnvironmentShouldWin() {
        Map<String, String> properties = systemProperties(Map.of("CADUCEE_DATA", "/srv/caducee",
            "CADUCEE_TRUST_ANCHORS", "/srv/anchors"));

        assertThat(properties).containsEntry("caducee.data", "/srv/caducee")
            .containsEntry("caducee.trustAnchors", "/srv/anchors");
    }

    @Test
    void foldersWrittenInCaduceePropertiesShouldBeLeftToTheServerToRead() throws IOException {
        Path conf = copyOfConf();
        Files.writeString(conf.resolve("caducee.properties"), "\ncaducee.data = /srv/mail\ncaducee.trustAnchors=/srv/ta\n",
            java.nio.file.StandardOpenOption.APPEND);

        Map<String, String> properties = systemProperties(Map.of("CADUCEE_CONF", conf.toString()));

        assertThat(properties).containsEntry("caducee.config", conf.toString())
            .doesNotContainKeys("caducee.data", "caducee.trustAnchors");
    }

    @Test
    void jvmOptionsShouldComeFromTheConfigurationsFileUnlessTheEnvironmentGivesThem() throws IOException {
        Path conf = copyOfConf();
        Files.writeString(conf.resolve("jvm.options"), "# a comment -Xmx1m\n-XshowSettings:vm  -Xmx97m\n");

        Distribution.Result fromFile = Distribution.caducee(home, Map.of("CADUCEE_CONF", conf.toString()), "--version");
        Distribution.Result fromEnvironment = Distribution.caducee(home,
            Map.of("CADUCEE_CONF", conf.toString(), "CADUCEE_JAVA_OPTS", ""), "--version");

        assertThat(fromFile.assertDone().errors()).contains("VM settings:");
        assertThat(fromEnvironment.assertDone().errors()).doesNotContain("VM settings:");
    }

    @Test
    void jvmOptionsShouldBeSplitIntoWordsButNeverExpandedAsFileNames() throws IOException {
        // A file the option, taken as a pattern, would match in the working directory.
        Files.createFile(work.resolve("-Dglob.test=expanded"));

        String printed = Distribution.run(List.of(home.resolve("bin/caducee").toString(), "--version"),
            Map.of("CADUCEE_JAVA_OPTS", "-XshowSettings:properties -Dglob.test=*"), work).assertDone().errors();

        assertThat(printed.lines().map(String::strip)).contains("glob.test = *");
    }

    @Test
    void aJavaOlderThan17ShouldBeRefusedWithASentenceSayingWhatToInstall() throws IOException {
        Path oldJava = fakeJava(work.resolve("jdk-11"), "11.0.22");
        Files.writeString(oldJava.resolve("release"), "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"11.0.22\"\n");

        Distribution.Result result = Distribution.caducee(home, Map.of("JAVA_HOME", oldJava.toString()), "--version");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errors().strip()).isEqualTo("caducee: " + oldJava.resolve("bin/java") + " is Java 11; Caducée "
            + "needs Java 17 or later: install one (apt-get install openjdk-17-jre-headless) or set JAVA_HOME to it");
    }

    @Test
    void aJavaEightOnThePathShouldBeRefusedFromWhatItPrints() throws IOException {
        Path oldJava = fakeJava(work.resolve("jre8"), "1.8.0_412");

        Distribution.Result result = Distribution.caducee(home,
            Map.of("JAVA_HOME", "", "PATH", oldJava.resolve("bin") + ":/usr/bin:/bin"), "--version");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errors()).contains("is Java 8; Caducée needs Java 17 or later");
    }

    @Test
    void aJavaHomeWithoutJavaShouldBeRefused() {
        Distribution.Result result = Distribution.caducee(home, Map.of("JAVA_HOME", work.toString()), "--version");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errors()).contains("JAVA_HOME is " + work + ", which has no bin/java");
    }

    @Test
    void rootStartingTheServerOnTheServiceAccountsDataFolderShouldBeRefused() throws IOException {
        assumeThat(System.getProperty("user.name")).as("only root can own a folder for another account").isEqualTo("root");
        Path data = Files.createDirectory(work.resolve("data"));
        Files.setOwner(data, data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

        Distribution.Result result = Distribution.caducee(home, Map.of("CADUCEE_DATA", data.toString()), "run");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errors()).contains(data + " belongs to nobody: start the server as that user");
        assertThat(data).isEmptyDirectory();
    }

    @Test
    void rootShouldBeRefusedThroughALinkToTheDataFolderToo() throws IOException {
        assumeThat(System.getProperty("user.name")).as("only root can own a folder for another account").isEqualTo("root");
        Path data = Files.createDirectory(work.resolve("var-lib-caducee"));
        Files.setOwner(data, data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        // As the package's /usr/share/caducee/data leads to /var/lib/caducee.
        Path link = Files.createSymbolicLink(work.resolve("data"), data);

        Distribution.Result result = Distribution.caducee(home, Map.of("CADUCEE_DATA", link.toString()), "run");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.errors()).contains(link + " belongs to nobody");
    }

    /** The system properties the launcher gives the JVM, as the JVM prints them. */
    private static Map<String, String> systemProperties(Map<String, String> environment) {
        Map<String, String> withSettings = new java.util.HashMap<>(environment);
        withSettings.put("CADUCEE_JAVA_OPTS", "-XshowSettings:properties");
        String printed = Distribution.caducee(home, withSettings, "--version").assertDone().errors();
        Map<String, String> properties = new java.util.HashMap<>();
        printed.lines().map(String::strip).filter(line -> line.contains(" = "))
            .forEach(line -> properties.put(line.substring(0, line.indexOf(" = ")), line.substring(line.indexOf(" = ") + 3)));
        return properties;
    }

    private Path copyOfConf() throws IOException {
        Path conf = Files.createDirectory(work.resolve("conf"));
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            for (Path file : files.toList()) {
                Files.copy(file, conf.resolve(file.getFileName()));
            }
        }
        return conf;
    }

    /** A runtime whose java prints {@code version} as OpenJDK does, and fails if asked to run anything. */
    private static Path fakeJava(Path javaHome, String version) throws IOException {
        Path java = Files.createDirectories(javaHome.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n[ \"$1\" = -version ] || exit 99\n"
            + "echo 'openjdk version \"" + version + "\"' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return javaHome;
    }

    private static void assertNoStackTrace(Distribution.Result result) {
        assertThat(result.console()).doesNotContain("\tat ", "Exception in thread");
    }
}
