package fr.caducee.domain.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the document entries of an {@code IHE_XDM.ZIP}: every {@code IHE_XDM/<subset>/METADATA.XML} it holds, at
 * the root or under one top folder, letter case aside. IHE XDM names the subsets freely ({@code SUBSET01} in most
 * practice software); ANS's own packages put everything under a top folder and number the subsets otherwise, e.g.
 * {@code KA202401/IHE_XDM/SS000001/METADATA.XML}.
 *
 * <p>The archive is written to an owner-only temporary file and opened with {@link ZipFile}, which reads the
 * central directory: that is the listing the recipient's software reads too (a streamed read of local headers can
 * be shown a different file than the central directory names), and entries other than the metadata are never
 * inflated. Bounds, so that a hostile archive costs little: its size, its number of entries, and the bytes inflated
 * from metadata files, counted as they are read rather than trusted from the declared sizes.
 */
public final class XdmArchive {
    public static final String FILE_NAME = "IHE_XDM.ZIP";
    static final long MAX_ARCHIVE_BYTES = 32L * 1024 * 1024;
    static final int MAX_ENTRIES = 2_000;
    static final int MAX_METADATA_BYTES = 4 * 1024 * 1024;
    static final int MAX_METADATA_TOTAL_BYTES = 16 * 1024 * 1024;
    /** At most one top folder, then IHE_XDM, one subset folder of any name, and the metadata. */
    private static final Pattern METADATA = Pattern.compile("(?:[^/]+/)?IHE_XDM/[^/]+/METADATA\\.XML",
        Pattern.CASE_INSENSITIVE);

    private XdmArchive() {
    }

    /**
     * @param archive the attachment's decoded content
     * @return the document entries of all its subsets, in archive order
     * @throws UnreadableArchiveException when the archive or its metadata cannot be read, or is over a bound
     * @throws IOException when the server cannot keep the archive in a temporary file, or {@code archive} cannot be
     *     read (a caller decoding a MIME part tells an undecodable attachment from its own failure)
     */
    public static List<DocumentEntry> documents(InputStream archive) throws UnreadableArchiveException, IOException {
        Path file = Files.createTempFile("caducee-xdm-", ".zip");
        try {
            copyBounded(archive, file);
            return documents(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static List<DocumentEntry> documents(Path file) throws UnreadableArchiveException, IOException {
        // ISO-8859-1 reads any entry name; those we look for are ASCII and read the same in every charset.
        try (ZipFile zip = open(file)) {
            if (zip.size() > MAX_ENTRIES) {
                throw new UnreadableArchiveException(FILE_NAME + " holds " + zip.size() + " entries, more than the "
                    + MAX_ENTRIES + " accepted");
            }
            List<DocumentEntry> documents = new ArrayList<>();
            long metadataBytes = 0;
            boolean found = false;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName().replace('\\', '/');
                if (entry.isDirectory() || !METADATA.matcher(name).matches()) {
                    continue;
                }
                found = true;
                byte[] xml = readBounded(zip, entry, name, MAX_METADATA_TOTAL_BYTES - metadataBytes);
                metadataBytes += xml.length;
                documents.addAll(XdmMetadata.documents(xml, name));
            }
            if (!found) {
                throw new UnreadableArchiveException(FILE_NAME + " holds no IHE_XDM/SUBSET01/METADATA.XML (nor "
                    + "IHE_XDM/<subset>/METADATA.XML under one top folder): an XDM archive describes its documents there "
                    + "(IHE XDM)");
            }
            return documents;
        }
    }

    private static ZipFile open(Path file) throws UnreadableArchiveException, IOException {
        try {
            return new ZipFile(file.toFile(), ZipFile.OPEN_READ, StandardCharsets.ISO_8859_1);
        } catch (ZipException e) {
            throw new UnreadableArchiveException(FILE_NAME + " is not a readable ZIP archive (" + Shown.value(e.getMessage()) + ")", e);
        }
    }

    private static void copyBounded(InputStream archive, Path file) throws UnreadableArchiveException, IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                int read = archive.read(buffer);
                if (read < 0) {
                    return;
                }
                total += read;
                if (total > MAX_ARCHIVE_BYTES) {
                    throw new UnreadableArchiveException(FILE_NAME + " is larger than " + MAX_ARCHIVE_BYTES / (1024 * 1024)
                        + " MB");
                }
                out.write(buffer, 0, read);
            }
        }
    }

    private static byte[] readBounded(ZipFile zip, ZipEntry entry, String name, long allowance)
            throws UnreadableArchiveException {
        long limit = Math.min(MAX_METADATA_BYTES, allowance);
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] content = in.readNBytes((int) limit);
            if (in.read() >= 0) {
                throw new UnreadableArchiveException(name + " expands beyond " + limit / 1024 + " KB: metadata that large "
                    + "is not accepted");
            }
            return content;
        } catch (IOException e) {
            throw new UnreadableArchiveException(name + " cannot be extracted from " + FILE_NAME + " ("
                + Shown.value(e.getMessage()) + ")", e);
        }
    }
}
