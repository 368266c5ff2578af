package fr.caducee.domain.documents;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import fr.caducee.domain.documents.UnreadableArchiveException.Problem;

/**
 * Reads an {@code IHE_XDM.ZIP}: every {@code IHE_XDM/<subset>/METADATA.XML} it holds, at the root or under one top
 * folder, letter case aside. IHE XDM names the subsets freely ({@code SUBSET01} in most practice software); ANS's
 * own packages put everything under a top folder and number the subsets otherwise, e.g.
 * {@code KA202401/IHE_XDM/SS000001/METADATA.XML}.
 *
 * <p>The archive is written to an owner-only temporary file and opened with {@link ZipFile}, which reads the
 * central directory: that is the listing the recipient's software reads too (a streamed read of local headers can
 * be shown a different file than the central directory names). Bounds, so that a hostile archive costs little: its
 * size (checked while it is copied, never held in memory), its number of entries, and the bytes inflated from each
 * file and in all, counted as they are read rather than trusted from the declared sizes, with a bound on how far a
 * file may expand beyond its compressed size.
 *
 * <p>{@link #documents} reads the metadata only (the SMTP checks of a message in transit); {@link #read} also reads
 * the file each entry names (the record service, which stores them) and refuses entry names that climb out of the
 * archive and duplicate names.
 */
public final class XdmArchive {
    public static final String FILE_NAME = "IHE_XDM.ZIP";
    static final long MAX_ARCHIVE_BYTES = 32L * 1024 * 1024;
    static final int MAX_ENTRIES = 2_000;
    static final int MAX_METADATA_BYTES = 4 * 1024 * 1024;
    static final int MAX_METADATA_TOTAL_BYTES = 16 * 1024 * 1024;
    static final int MAX_DOCUMENT_BYTES = CdaReader.MAX_BYTES;
    static final long MAX_DOCUMENTS_TOTAL_BYTES = 64L * 1024 * 1024;
    /** Deflated XML rarely shrinks below a twentieth; a hundredth past the first megabyte is a bomb, not a document. */
    static final int MAX_EXPANSION_RATIO = 100;
    private static final long RATIO_FLOOR_BYTES = 1024 * 1024;
    /** At most one top folder, then IHE_XDM, one subset folder of any name, and the metadata. */
    private static final Pattern METADATA = Pattern.compile("((?:[^/]+/)?)(IHE_XDM/)([^/]+/)METADATA\\.XML",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:");

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
        Path file = copy(archive);
        try {
            return documents(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The archive's entries with the files they name, and its associations.
     *
     * @throws UnreadableArchiveException as {@link #documents}, and when an entry name climbs out of the archive
     *     ({@code ..}, a leading {@code /}, a drive letter, a backslash), two entries have the same name, a URI names
     *     no file of the archive, or a file inflates beyond its bounds
     * @throws IOException when the server cannot keep the archive in a temporary file, or {@code archive} cannot be read
     */
    public static XdmPackage read(InputStream archive) throws UnreadableArchiveException, IOException {
        Path file = copy(archive);
        try (ZipFile zip = open(file)) {
            Map<String, ZipEntry> byName = listing(zip);
            List<XdmDocument> documents = new ArrayList<>();
            List<XdmAssociation> associations = new ArrayList<>();
            long[] inflated = {0};
            forEachMetadata(zip, (name, folders, xml) -> {
                XdmSubmission submission = XdmMetadata.submission(xml, name);
                associations.addAll(submission.associations());
                for (XdmEntry entry : submission.entries()) {
                    if (entry.uri().isEmpty()) {
                        documents.add(new XdmDocument(entry, Optional.empty(), new byte[0]));
                        continue;
                    }
                    ZipEntry found = resolve(byName, folders, entry, name);
                    byte[] content = readDocument(zip, found, MAX_DOCUMENTS_TOTAL_BYTES - inflated[0]);
                    inflated[0] += content.length;
                    documents.add(new XdmDocument(entry, Optional.of(found.getName()), content));
                }
            });
            return new XdmPackage(documents, associations);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static List<DocumentEntry> documents(Path file) throws UnreadableArchiveException, IOException {
        try (ZipFile zip = open(file)) {
            checkEntryCount(zip);
            List<DocumentEntry> documents = new ArrayList<>();
            forEachMetadata(zip, (name, folders, xml) -> documents.addAll(XdmMetadata.documents(xml, name)));
            return documents;
        }
    }

    /** The folders of one METADATA.XML: the top folder (possibly empty), IHE_XDM and the subset, each ending in '/'. */
    private record Folders(String top, String iheXdm, String subset) {
    }

    @FunctionalInterface
    private interface MetadataReader {
        void read(String name, Folders folders, byte[] xml) throws UnreadableArchiveException, IOException;
    }

    private static void forEachMetadata(ZipFile zip, MetadataReader reader) throws UnreadableArchiveException, IOException {
        long metadataBytes = 0;
        boolean found = false;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            String name = entry.getName().replace('\\', '/');
            Matcher metadata = METADATA.matcher(name);
            if (entry.isDirectory() || !metadata.matches()) {
                continue;
            }
            found = true;
            byte[] xml = readMetadata(zip, entry, name, MAX_METADATA_TOTAL_BYTES - metadataBytes);
            metadataBytes += xml.length;
            String top = metadata.group(1);
            reader.read(name, new Folders(top, top + metadata.group(2), top + metadata.group(2) + metadata.group(3)), xml);
        }
        if (!found) {
            throw new UnreadableArchiveException(Problem.NO_METADATA, FILE_NAME + " holds no IHE_XDM/SUBSET01/METADATA.XML "
                + "(nor IHE_XDM/<subset>/METADATA.XML under one top folder): an XDM archive describes its documents "
                + "there (IHE XDM)");
        }
    }

    private static void checkEntryCount(ZipFile zip) throws UnreadableArchiveException {
        if (zip.size() > MAX_ENTRIES) {
            throw new UnreadableArchiveException(Problem.TOO_LARGE, FILE_NAME + " holds " + zip.size()
                + " entries, more than the " + MAX_ENTRIES + " accepted");
        }
    }

    /** Every file of the archive by its name, once the names are known to stay inside it and to be distinct. */
    private static Map<String, ZipEntry> listing(ZipFile zip) throws UnreadableArchiveException {
        checkEntryCount(zip);
        Map<String, ZipEntry> byName = new HashMap<>();
        Map<String, String> folded = new HashMap<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            String name = entry.getName();
            Optional<String> why = traversal(name);
            if (why.isPresent()) {
                throw new UnreadableArchiveException(Problem.PATH_TRAVERSAL, FILE_NAME + " has an entry named "
                    + Shown.value(name) + ", which " + why.get() + ": an archive's names stay inside it");
            }
            String key = name.toLowerCase(Locale.ROOT);
            if (folded.putIfAbsent(key, name) != null) {
                throw new UnreadableArchiveException(Problem.DUPLICATE_ENTRY, FILE_NAME + " has two entries named "
                    + Shown.value(name) + " (letter case aside): readers could be shown different files under one name");
            }
            byName.put(name, entry);
        }
        return byName;
    }

    /** Why a name or URI climbs out of the archive, if it does. */
    private static Optional<String> traversal(String name) {
        if (name.indexOf('\\') >= 0) {
            return Optional.of("contains a backslash");
        }
        if (name.startsWith("/")) {
            return Optional.of("is absolute");
        }
        if (DRIVE.matcher(name).find()) {
            return Optional.of("starts with a drive letter");
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..")) {
                return Optional.of("climbs to a parent folder (..)");
            }
        }
        return Optional.empty();
    }

    /**
     * The file a URI names: relative to the subset folder as IHE XDM says, else to the IHE_XDM folder as ANS's
     * packages write it ({@code SS000001/KOS_1_1.DCM}), else to the top folder; letter case aside when only one file
     * matches so.
     */
    private static ZipEntry resolve(Map<String, ZipEntry> byName, Folders folders, XdmEntry entry, String metadata)
            throws UnreadableArchiveException {
        String uri = entry.uri().orElseThrow();
        Optional<String> why = traversal(uri).or(() -> uri.contains(":") ? Optional.of("is not a relative path")
            : Optional.empty());
        if (why.isPresent()) {
            throw new UnreadableArchiveException(Problem.PATH_TRAVERSAL, metadata + " gives the document "
                + Shown.value(entry.id()) + " the URI " + Shown.value(uri) + ", which " + why.get()
                + ": a document's URI names a file of the archive, relative to its subset folder");
        }
        for (String folder : List.of(folders.subset(), folders.iheXdm(), folders.top())) {
            ZipEntry exact = byName.get(folder + uri);
            if (exact != null && !exact.isDirectory()) {
                return exact;
            }
        }
        for (String folder : List.of(folders.subset(), folders.iheXdm(), folders.top())) {
            List<ZipEntry> folded = byName.values().stream()
                .filter(e -> !e.isDirectory() && e.getName().equalsIgnoreCase(folder + uri)).toList();
            if (folded.size() == 1) {
                return folded.get(0);
            }
        }
        throw new UnreadableArchiveException(Problem.MISSING_DOCUMENT, metadata + " names the file " + Shown.value(uri)
            + " for the document " + Shown.value(entry.id()) + ", but " + FILE_NAME + " holds no such file in "
            + Shown.value(folders.subset()) + ": put the document in the archive beside its metadata");
    }

    private static Path copy(InputStream archive) throws UnreadableArchiveException, IOException {
        Path file = Files.createTempFile("caducee-xdm-", ".zip");
        try {
            copyBounded(archive, file);
            return file;
        } catch (UnreadableArchiveException | IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private static ZipFile open(Path file) throws UnreadableArchiveException, IOException {
        try {
            // ISO-8859-1 reads any entry name; those we look for are ASCII and read the same in every charset.
            return new ZipFile(file.toFile(), ZipFile.OPEN_READ, StandardCharsets.ISO_8859_1);
        } catch (ZipException e) {
            throw new UnreadableArchiveException(FILE_NAME + " is not a readable ZIP archive ("
                + Shown.value(e.getMessage()) + ")", e);
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
                    throw new UnreadableArchiveException(Problem.TOO_LARGE, FILE_NAME + " is larger than "
                        + MAX_ARCHIVE_BYTES / (1024 * 1024) + " MB");
                }
                out.write(buffer, 0, read);
            }
        }
    }

    private static byte[] readMetadata(ZipFile zip, ZipEntry entry, String name, long allowance)
            throws UnreadableArchiveException {
        long limit = Math.min(MAX_METADATA_BYTES, allowance);
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] content = in.readNBytes((int) limit);
            if (in.read() >= 0) {
                throw new UnreadableArchiveException(Problem.DECOMPRESSION_BOMB, name + " expands beyond "
                    + limit / 1024 + " KB: metadata that large is not accepted");
            }
            return content;
        } catch (IOException e) {
            throw new UnreadableArchiveException(name + " cannot be extracted from " + FILE_NAME + " ("
                + Shown.value(e.getMessage()) + ")", e);
        }
    }

    /** Inflates a document in chunks, counting what comes out against its bounds as it comes. */
    private static byte[] readDocument(ZipFile zip, ZipEntry entry, long allowance) throws UnreadableArchiveException {
        String name = Shown.value(entry.getName());
        long limit = Math.min(MAX_DOCUMENT_BYTES, allowance);
        long compressed = Math.max(entry.getCompressedSize(), 1);
        try (InputStream in = zip.getInputStream(entry);
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                total += read;
                if (total > limit) {
                    throw new UnreadableArchiveException(Problem.DECOMPRESSION_BOMB, name + " expands beyond "
                        + limit / (1024 * 1024) + " MB (" + (limit == MAX_DOCUMENT_BYTES ? "the bound of one document"
                        : "the bound of all documents of an archive") + "): " + FILE_NAME + " is refused");
                }
                if (total > RATIO_FLOOR_BYTES && total > compressed * MAX_EXPANSION_RATIO) {
                    throw new UnreadableArchiveException(Problem.DECOMPRESSION_BOMB, name + " expands more than "
                        + MAX_EXPANSION_RATIO + " times its compressed size of " + compressed + " bytes: a "
                        + "decompression bomb, not a document");
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UnreadableArchiveException(name + " cannot be extracted from " + FILE_NAME + " ("
                + Shown.value(e.getMessage()) + ")", e);
        }
    }
}
