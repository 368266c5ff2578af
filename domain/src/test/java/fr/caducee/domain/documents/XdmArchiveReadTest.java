package fr.caducee.domain.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import fr.caducee.domain.documents.AnsSamples.Sample;
import fr.caducee.domain.documents.AnsSamples.Submitted;
import fr.caducee.domain.documents.UnreadableArchiveException.Problem;

class XdmArchiveReadTest {

    @Test
    void eachEntryComesWithTheFileItsUriNamesInAnsLayout() throws Exception {
        XdmPackage xdm = read(AnsSamples.xdm(Sample.BIO.bytes(), Sample.IMAGING.bytes()));

        assertThat(xdm.documents()).hasSize(2);
        XdmDocument bio = xdm.documents().get(0);
        assertThat(bio.path()).contains("KA202612/IHE_XDM/SS000001/DOC0001.XML");
        assertThat(bio.content()).isEqualTo(Sample.BIO.bytes());
        assertThat(bio.entry().uniqueId()).contains(Sample.BIO.uniqueId());
        assertThat(bio.entry().uri()).contains("SS000001/DOC0001.XML");
        assertThat(bio.entry().mimeType()).isEqualTo("text/xml");
        assertThat(bio.entry().status()).isEqualTo(XdmEntry.APPROVED);
        assertThat(bio.entry().deprecated()).isFalse();
        assertThat(bio.entry().authorPersons()).singleElement().asString().startsWith(AnsSamples.BIO_AUTHOR + "^");
        assertThat(bio.entry().document().typeCode()).contains("11502-2");
        assertThat(xdm.documents().get(1).content()).isEqualTo(Sample.IMAGING.bytes());
        assertThat(xdm.associations()).extracting(XdmAssociation::type).containsOnly(XdmAssociation.HAS_MEMBER);
    }

    @Test
    void aUriRelativeToTheSubsetFolderAsIheWritesItIsFound() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("IHE_XDM/SUBSET01/METADATA.XML", utf8(AnsSamples.metadataFor(Sample.IMAGING.bytes(), "DOC0001.XML",
            XdmEntry.APPROVED)));
        entries.put("IHE_XDM/SUBSET01/DOC0001.XML", Sample.IMAGING.bytes());

        assertThat(read(XdmFixtures.zip(entries)).documents()).singleElement()
            .satisfies(document -> assertThat(document.content()).isEqualTo(Sample.IMAGING.bytes()));
    }

    @Test
    void aUriInAnotherLetterCaseFindsTheOnlyFileOfThatName() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("IHE_XDM/SUBSET01/METADATA.XML", utf8(AnsSamples.metadataFor(Sample.IMAGING.bytes(), "doc0001.xml",
            XdmEntry.APPROVED)));
        entries.put("IHE_XDM/SUBSET01/DOC0001.XML", Sample.IMAGING.bytes());

        assertThat(read(XdmFixtures.zip(entries)).documents()).singleElement()
            .satisfies(document -> assertThat(document.path()).contains("IHE_XDM/SUBSET01/DOC0001.XML"));
    }

    @Test
    void aReplacementCarriesItsRplcAssociation() throws Exception {
        XdmPackage xdm = read(AnsSamples.xdm(Sample.BIO_V2.bytes()));

        assertThat(xdm.associations()).filteredOn(a -> a.type().equals(XdmAssociation.RPLC)).singleElement()
            .satisfies(rplc -> {
                assertThat(rplc.source()).isEqualTo("Document1");
                assertThat(rplc.target()).isEqualTo(Sample.BIO.uniqueId());
            });
    }

    @Test
    void aWithdrawnEntryIsDeprecated() throws Exception {
        XdmPackage xdm = read(AnsSamples.xdm(Submitted.withdrawn(Sample.IMAGING_V2.bytes())));

        assertThat(xdm.documents()).singleElement().satisfies(document -> assertThat(document.entry().deprecated()).isTrue());
    }

    @Test
    void anAvailabilityUpdateToDeletedWithdrawsItsTarget() throws Exception {
        String metadata = AnsSamples.metadataFor(Sample.IMAGING_V2.bytes(), "DOC0001.XML", XdmEntry.APPROVED)
            .replace("</rim:RegistryObjectList>", "<rim:Association associationType=\""
                + XdmAssociation.UPDATE_AVAILABILITY_STATUS + "\" sourceObject=\"SubmissionSet01\" targetObject=\"Document1\""
                + " id=\"update\"><rim:Slot name=\"OriginalStatus\"><rim:ValueList><rim:Value>" + XdmEntry.APPROVED
                + "</rim:Value></rim:ValueList></rim:Slot><rim:Slot name=\"NewStatus\"><rim:ValueList><rim:Value>"
                + XdmAssociation.DELETED + "</rim:Value></rim:ValueList></rim:Slot></rim:Association>\n</rim:RegistryObjectList>");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("IHE_XDM/SUBSET01/METADATA.XML", utf8(metadata));
        entries.put("IHE_XDM/SUBSET01/DOC0001.XML", Sample.IMAGING_V2.bytes());

        assertThat(read(XdmFixtures.zip(entries)).associations()).filteredOn(XdmAssociation::withdraws).singleElement()
            .satisfies(update -> assertThat(update.target()).isEqualTo("Document1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/cron.d/evil", "IHE_XDM/SUBSET01/../../../evil.xml", "/etc/passwd",
        "C:/Windows/evil.dll", "IHE_XDM\\SUBSET01\\..\\..\\evil.xml", "d:evil"})
    void anEntryNameThatClimbsOutOfTheArchiveIsRefused(String name) throws Exception {
        Map<String, byte[]> entries = ansEntries();
        entries.put(name, utf8("payload"));

        assertRefused(XdmFixtures.zip(entries), Problem.PATH_TRAVERSAL)
            .hasMessageContaining("has an entry named");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../DOC0001.XML", "../../../../etc/passwd", "/etc/passwd", "file:///etc/passwd",
        "SUBSET01\\DOC0001.XML"})
    void aUriThatClimbsOutOfTheArchiveIsRefused(String uri) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("IHE_XDM/SUBSET01/METADATA.XML", utf8(AnsSamples.metadataFor(Sample.IMAGING.bytes(), "URI-HERE",
            XdmEntry.APPROVED).replace("URI-HERE", uri)));
        entries.put("IHE_XDM/SUBSET01/DOC0001.XML", Sample.IMAGING.bytes());

        assertRefused(XdmFixtures.zip(entries), Problem.PATH_TRAVERSAL).hasMessageContaining("gives the document Document1 the URI");
    }

    @Test
    void twoEntriesOfTheSameNameAreRefused() throws Exception {
        Map<String, byte[]> entries = ansEntries();
        entries.put("KA202612/IHE_XDM/SS000001/DOC0002.XML", utf8("<ClinicalDocument xmlns=\"urn:hl7-org:v3\"/>"));
        // ZipOutputStream refuses duplicates: the second name is made the same in the bytes, as an attacker would.
        byte[] zip = swap(XdmFixtures.zip(entries), "DOC0002.XML", "DOC0001.XML");

        assertRefused(zip, Problem.DUPLICATE_ENTRY).hasMessageContaining("has two entries named");
    }

    @Test
    void twoEntriesWhoseNamesDifferOnlyInCaseAreRefused() throws Exception {
        Map<String, byte[]> entries = ansEntries();
        entries.put("KA202612/IHE_XDM/SS000001/doc0001.xml", utf8("<ClinicalDocument xmlns=\"urn:hl7-org:v3\"/>"));

        assertRefused(XdmFixtures.zip(entries), Problem.DUPLICATE_ENTRY);
    }

    @Test
    void aGigabyteOfZerosIsStoppedAtTheBoundNotInflated() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("IHE_XDM/SUBSET01/METADATA.XML"));
            zip.write(utf8(AnsSamples.metadataFor(Sample.IMAGING.bytes(), "DOC0001.XML", XdmEntry.APPROVED)));
            zip.putNextEntry(new ZipEntry("IHE_XDM/SUBSET01/DOC0001.XML"));
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 1024; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertThat(bytes.size()).as("1 GB deflated").isLessThan(2 * 1024 * 1024);

        assertRefused(bytes.toByteArray(), Problem.DECOMPRESSION_BOMB)
            .hasMessageContaining("IHE_XDM/SUBSET01/DOC0001.XML expands");
    }

    @Test
    void aFileExpandingFarBeyondItsCompressedSizeIsABombEvenUnderTheBound() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("IHE_XDM/SUBSET01/METADATA.XML"));
            zip.write(utf8(AnsSamples.metadataFor(Sample.IMAGING.bytes(), "DOC0001.XML", XdmEntry.APPROVED)));
            zip.putNextEntry(new ZipEntry("IHE_XDM/SUBSET01/DOC0001.XML"));
            zip.write(new byte[8 * 1024 * 1024]);
            zip.closeEntry();
        }

        assertRefused(bytes.toByteArray(), Problem.DECOMPRESSION_BOMB)
            .hasMessageContaining("expands more than " + XdmArchive.MAX_EXPANSION_RATIO + " times its compressed size");
    }

    @Test
    void a200MegabyteArchiveIsRefusedAtTheBoundWhileStreaming() {
        Generated archive = new Generated(200L * 1024 * 1024);

        assertThatThrownBy(() -> XdmArchive.read(archive)).isInstanceOf(UnreadableArchiveException.class)
            .hasMessage("IHE_XDM.ZIP is larger than 32 MB")
            .extracting(e -> ((UnreadableArchiveException) e).problem()).isEqualTo(Problem.TOO_LARGE);
        assertThat(archive.served).as("bytes read before refusing").isLessThanOrEqualTo(XdmArchive.MAX_ARCHIVE_BYTES + 64 * 1024);
    }

    @Test
    void aUriNamingNoFileOfTheArchiveIsRefused() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("IHE_XDM/SUBSET01/METADATA.XML", utf8(AnsSamples.metadataFor(Sample.IMAGING.bytes(), "DOC0009.XML",
            XdmEntry.APPROVED)));

        assertRefused(XdmFixtures.zip(entries), Problem.MISSING_DOCUMENT).hasMessageContaining("names the file DOC0009.XML");
    }

    @Test
    void metadataWithADoctypeIsRefusedAsSuch() throws Exception {
        String metadata = AnsSamples.metadataFor(Sample.IMAGING.bytes(), "DOC0001.XML", XdmEntry.APPROVED)
            .replace("<lcm:SubmitObjectsRequest", "<!DOCTYPE lcm:SubmitObjectsRequest [<!ENTITY xxe SYSTEM "
                + "\"http://127.0.0.1:9/x\">]>\n<lcm:SubmitObjectsRequest");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("IHE_XDM/SUBSET01/METADATA.XML", utf8(metadata));
        entries.put("IHE_XDM/SUBSET01/DOC0001.XML", Sample.IMAGING.bytes());

        assertRefused(XdmFixtures.zip(entries), Problem.DOCTYPE).hasMessageContaining("declares a document type (DOCTYPE)");
    }

    @Test
    void theSmtpReadingOfTheSameArchiveStillListsItsEntries() throws Exception {
        assertThat(XdmArchive.documents(new ByteArrayInputStream(AnsSamples.xdm(Sample.BIO.bytes()))))
            .extracting(DocumentEntry::typeCode).containsExactly(Optional.of("11502-2"));
    }

    private static Map<String, byte[]> ansEntries() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("KA202612/IHE_XDM/SS000001/METADATA.XML", utf8(AnsSamples.metadataFor(Sample.IMAGING.bytes(),
            "SS000001/DOC0001.XML", XdmEntry.APPROVED)));
        entries.put("KA202612/IHE_XDM/SS000001/DOC0001.XML", Sample.IMAGING.bytes());
        return entries;
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(byte[] archive, Problem problem) {
        Throwable thrown = catchThrowable(() -> read(archive));
        assertThat(thrown).isInstanceOf(UnreadableArchiveException.class);
        assertThat(((UnreadableArchiveException) thrown).problem()).isEqualTo(problem);
        return assertThat(thrown);
    }

    private static byte[] swap(byte[] bytes, String from, String to) {
        byte[] swapped = bytes.clone();
        byte[] pattern = from.getBytes(StandardCharsets.US_ASCII);
        byte[] replacement = to.getBytes(StandardCharsets.US_ASCII);
        int found = 0;
        for (int i = 0; i + pattern.length <= swapped.length; i++) {
            if (Arrays.equals(swapped, i, i + pattern.length, pattern, 0, pattern.length)) {
                System.arraycopy(replacement, 0, swapped, i, replacement.length);
                found++;
            }
        }
        assertThat(found).as("the name in the local header and the central directory").isEqualTo(2);
        return swapped;
    }

    private static XdmPackage read(byte[] archive) throws Exception {
        return XdmArchive.read(new ByteArrayInputStream(archive));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** An archive's worth of bytes made as they are read, never held: what a sender streaming 200 MB looks like. */
    private static final class Generated extends InputStream {
        private final long size;
        private long served;

        Generated(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return served < size ? (int) (served++ & 0x7f) : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (served >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - served);
            Arrays.fill(buffer, offset, offset + n, (byte) 'P');
            served += n;
            return n;
        }
    }
}
