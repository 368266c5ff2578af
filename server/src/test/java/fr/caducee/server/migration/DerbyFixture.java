package fr.caducee.server.migration;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** The previous version's Derby database (derby-data.tar.gz, see its README), unpacked as a data folder holds it. */
public final class DerbyFixture {
    public static final String PATIENT = "146026322000196@patient.caducee.localhost";
    public static final String GP = "dr.martin@caducee.localhost";
    public static final String CARDIOLOGIST = "pr.bernard@caducee.localhost";

    private DerbyFixture() {
    }

    /** Writes {@code <dataDir>/var/store/derby}. */
    public static Path unpackInto(Path dataDir) throws IOException {
        try (InputStream archive = DerbyFixture.class.getResourceAsStream("derby-data.tar.gz");
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(archive))) {
            for (TarArchiveEntry entry = tar.getNextTarEntry(); entry != null; entry = tar.getNextTarEntry()) {
                Path path = dataDir.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                }
            }
        }
        return dataDir;
    }
}
