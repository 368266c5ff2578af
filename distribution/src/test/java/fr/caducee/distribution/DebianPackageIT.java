package fr.caducee.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package, read by dpkg-deb as dpkg reads it, unpacked into a throwaway root, and its systemd unit checked
 * by systemd-analyze.
 */
class DebianPackageIT {
    @TempDir
    static Path root;
    static Path deb;

    @TempDir
    Path work;

    @BeforeAll
    static void unpack() {
        assumeThat(Path.of("/usr/bin/dpkg-deb")).as("dpkg-deb (Debian's dpkg package) is not installed").isExecutable();
        deb = Distribution.debianPackage();
        Distribution.run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), Map.of()).assertDone();
    }

    @Test
    void controlShouldNameThePackageItsVersionAndAJava17Runtime() {
        String info = Distribution.run(List.of("dpkg-deb", "--info", deb.toString()), Map.of()).assertDone().output();

        assertThat(info).contains(" Package: caducee\n", " Architecture: all\n",
            " Version: " + Distribution.VERSION.replace("-SNAPSHOT", "~SNAPSHOT"),
            " Depends: default-jre-headless (>= 2:1.17) | openjdk-17-jre-headless | java17-runtime-headless, adduser\n",
            "postinst", "prerm", "postrm", "conffiles");
    }

    @Test
    void everyConfigurationFileAndAnchorShouldBeAConffile() throws IOException {
        List<String> conffiles = Distribution.run(List.of("dpkg-deb", "--info", deb.toString(), "conffiles"), Map.of())
            .assertDone().output().lines().toList();

        List<String> underEtc;
        try (var files = Files.walk(root.resolve("etc"))) {
            underEtc = files.filter(Files::isRegularFile).map(file -> "/" + root.relativize(file)).sorted().toList();
        }
        assertThat(conffiles).containsExactlyInAnyOrderElementsOf(underEtc)
            .contains("/etc/caducee/caducee.properties", "/etc/caducee/jvm.options", "/etc/caducee/logback.xml",
                "/etc/caducee/trust-anchors/README.md");
    }

    @Test
    void filesShouldBelongToRootWithTheLauncherAloneExecutable() {
        List<String> contents = Distribution.run(List.of("dpkg-deb", "--contents", deb.toString()), Map.of())
            .assertDone().output().lines().toList();

        assertThat(contents).allMatch(line -> line.substring(11).startsWith("root/root"), "owned by root/root")
            .anyMatch(line -> line.startsWith("-rwxr-xr-x") && line.endsWith(" ./usr/share/caducee/bin/caducee"))
            .anyMatch(line -> line.startsWith("-rw-r--r--") && line.endsWith(" ./etc/caducee/caducee.properties"))
            .anyMatch(line -> line.startsWith("-rw-r--r--") && line.endsWith(" ./lib/systemd/system/caducee.service"))
            .anyMatch(line -> line.endsWith(" ./usr/share/caducee/lib/caducee-server-" + Distribution.VERSION + ".jar"))
            .filteredOn(line -> line.startsWith("-") && !line.endsWith("/bin/caducee"))
            .allMatch(line -> line.startsWith("-rw-r--r--"), "not executable, not writable by others");
        assertThat(contents).filteredOn(line -> line.startsWith("d")).allMatch(line -> line.startsWith("drwxr-xr-x"));
    }

    @Test
    void theCommandAndTheLaunchersDefaultFoldersShouldLeadToThePackagedPlaces() throws IOException {
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/caducee"))).isEqualTo(Path.of("/usr/share/caducee/bin/caducee"));
        assertThat(Files.readSymbolicLink(root.resolve("usr/share/caducee/conf"))).isEqualTo(Path.of("/etc/caducee"));
        assertThat(Files.readSymbolicLink(root.resolve("usr/share/caducee/trust-anchors")))
            .isEqualTo(Path.of("/etc/caducee/trust-anchors"));
        assertThat(Files.readSymbolicLink(root.resolve("usr/share/caducee/data"))).isEqualTo(Path.of("/var/lib/caducee"));
        assertThat(root.resolve("usr/share/doc/caducee/INSTALL")).isRegularFile();
        assertThat(root.resolve("var")).doesNotExist();
    }

    @Test
    void thePackagedLauncherShouldRunFromTheThrowawayRoot() {
        Path home = root.resolve("usr/share/caducee");

        Distribution.Result result = Distribution.caducee(home, Map.of("CADUCEE_CONF", root.resolve("etc/caducee").toString()),
            "--version").assertDone();

        assertThat(result.output().strip()).isEqualTo("Caducée " + Distribution.VERSION);
    }

    @Test
    void maintainerScriptsShouldBeValidShellAndPurgeShouldKeepTheData() throws IOException {
        Path control = maintainerScripts();

        for (String script : List.of("postinst", "prerm", "postrm")) {
            Distribution.run(List.of("sh", "-n", control.resolve(script).toString()), Map.of()).assertDone();
        }
        assertThat(control.resolve("postinst")).content()
            .contains("adduser --system --group --home /var/lib/caducee", "install -d -o caducee -g caducee -m 0750 /var/lib/caducee");
        assertThat(Files.readAllLines(control.resolve("postinst"))).map(String::strip).as("the service left to the operator")
            .noneMatch(line -> line.startsWith("systemctl enable") || line.startsWith("systemctl start"));
        assertThat(control.resolve("postrm")).content().contains("purge)", "deluser --system").doesNotContain("rm -rf");
    }

    @Test
    void aFirstInstallShouldCreateTheAccountAndTheDataFolderAndStartNothing() throws IOException {
        Path control = maintainerScripts();
        Path calls = work.resolve("calls");
        Path commands = stubs(calls, "getent", 2);

        Distribution.Result result = Distribution.run(List.of("sh", control.resolve("postinst").toString(), "configure", ""),
            Map.of("PATH", commands + ":/usr/bin:/bin")).assertDone();

        assertThat(Files.readAllLines(calls)).contains(
                "getent passwd caducee",
                "adduser --system --group --home /var/lib/caducee --no-create-home --gecos Caducee mail server --quiet caducee",
                "install -d -o caducee -g caducee -m 0750 /var/lib/caducee")
            .noneMatch(call -> call.startsWith("systemctl"));
        assertThat(result.output()).contains("runuser -u caducee -- caducee check", "systemctl enable --now caducee");
    }

    @Test
    void anUpgradeShouldKeepTheAccount() throws IOException {
        Path control = maintainerScripts();
        Path calls = work.resolve("calls");
        Path commands = stubs(calls, "getent", 0);

        Distribution.Result result = Distribution.run(List.of("sh", control.resolve("postinst").toString(), "configure",
            "0.0.9"), Map.of("PATH", commands + ":/usr/bin:/bin")).assertDone();

        assertThat(Files.readAllLines(calls)).noneMatch(call -> call.startsWith("adduser"))
            .contains("install -d -o caducee -g caducee -m 0750 /var/lib/caducee");
        assertThat(result.output()).isEmpty();
    }

    @Test
    void purgeShouldRemoveTheAccountAndNeverTheData() throws IOException {
        Path control = maintainerScripts();
        Path calls = work.resolve("calls");
        Path commands = stubs(calls, "getent", 0);

        Distribution.run(List.of("sh", control.resolve("postrm").toString(), "purge"),
            Map.of("PATH", commands + ":/usr/bin:/bin")).assertDone();
        Distribution.run(List.of("sh", control.resolve("postrm").toString(), "remove"),
            Map.of("PATH", commands + ":/usr/bin:/bin")).assertDone();

        assertThat(Files.readAllLines(calls)).containsSubsequence("deluser --system --quiet caducee",
            "delgroup --system --only-if-empty --quiet caducee").noneMatch(call -> call.startsWith("rm"));
    }

    @Test
    void systemdShouldFindNothingToSayAboutTheUnit() throws IOException {
        assumeThat(Path.of("/usr/bin/systemd-analyze")).as("systemd-analyze (Debian's systemd package) is not installed")
            .isExecutable();
        // The unit as installed, but starting the launcher of the throwaway root: verify checks ExecStart exists.
        String unit = Files.readString(root.resolve("lib/systemd/system/caducee.service"));
        Path folder = work;
        Path copy = folder.resolve("caducee.service");
        Files.writeString(copy, unit.replace("ExecStart=/usr/share/caducee/", "ExecStart=" + root + "/usr/share/caducee/"));

        Distribution.Result result = Distribution.run(List.of("systemd-analyze", "verify", copy.toString()), Map.of());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.console()).as("warnings of systemd-analyze verify").isEmpty();
    }

    private Path maintainerScripts() {
        Path control = work.resolve("control");
        Distribution.run(List.of("dpkg-deb", "--control", deb.toString(), control.toString()), Map.of()).assertDone();
        return control;
    }

    /**
     * Commands that change the machine (accounts, ownership, services) replaced by stubs that write their command
     * line to {@code calls}; {@code answering} exits with {@code status} (getent: 0 the account exists, 2 it does not).
     */
    private Path stubs(Path calls, String answering, int status) throws IOException {
        Path folder = Files.createDirectories(work.resolve("stubs"));
        for (String command : List.of("adduser", "deluser", "delgroup", "install", "chown", "systemctl", "getent", "rm")) {
            Path stub = folder.resolve(command);
            Files.writeString(stub, "#!/bin/sh\necho \"" + command + " $*\" >> '" + calls + "'\nexit "
                + (command.equals(answering) ? status : 0) + "\n");
            Files.setPosixFilePermissions(stub, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.createFile(calls);
        return folder;
    }

    @Test
    void theUnitShouldRunHardenedUnderItsOwnAccount() throws IOException {
        String unit = Files.readString(root.resolve("lib/systemd/system/caducee.service"));

        assertThat(unit.lines()).contains("User=caducee", "ProtectSystem=strict", "ReadWritePaths=/var/lib/caducee",
            "StateDirectory=caducee", "NoNewPrivileges=true", "PrivateTmp=true", "ProtectHome=true",
            "AmbientCapabilities=CAP_NET_BIND_SERVICE", "CapabilityBoundingSet=CAP_NET_BIND_SERVICE",
            "RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX", "SuccessExitStatus=143",
            "EnvironmentFile=-/etc/default/caducee", "ExecStart=/usr/share/caducee/bin/caducee run");
    }
}
