package fr.caducee.domain.documents;

import static fr.caducee.domain.documents.XdmFixtures.QUALIFIED_INS;
import static fr.caducee.domain.documents.XdmFixtures.archive;
import static fr.caducee.domain.documents.XdmFixtures.document;
import static fr.caducee.domain.documents.XdmFixtures.metadata;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

class XdmArchiveTest {

    @Test
    void readsTheDocumentEntriesOfTheMetadata() throws Exception {
        List<DocumentEntry> documents = read(archive(metadata(document("Document01", "11490-0", QUALIFIED_INS))));

        assertThat(documents).hasSize(1);
        assertThat(documents.get(0).id()).isEqualTo("Document01");
        assertThat(documents.get(0).typeCode()).contains("11490-0");
        assertThat(documents.get(0).patientId()).map(PatientId::authority).contains("1.2.250.1.213.1.4.8");
        assertThat(documents.get(0).patientId()).map(PatientId::qualifiedIns).contains(true);
    }

    @Test
    void readsEverySubsetWhateverTheCaseOfItsPath() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("IHE_XDM/SUBSET01/METADATA.XML", utf8(metadata(document("Document01", "11490-0", QUALIFIED_INS))));
        entries.put("ihe_xdm/subset02/metadata.xml", utf8(metadata(document("Document01", "11502-2", QUALIFIED_INS))));

        assertThat(read(XdmFixtures.zip(entries))).extracting(DocumentEntry::typeCode)
            .containsExactly(Optional.of("11490-0"), Optional.of("11502-2"));
    }

    @Test
    void readsAnsOwnPackageUnderItsTopFolder() throws Exception {
        List<DocumentEntry> documents = read(XdmFixtures.ansArchive(XdmFixtures.ansMetadata()));

        assertThat(documents).extracting(DocumentEntry::id).containsExactly("DocumentKOS", "Signature01");
        assertThat(documents).extracting(DocumentEntry::typeCode)
            .containsExactly(Optional.of("IMG-KOS"), Optional.of("E1762"));
        assertThat(documents).allSatisfy(document -> assertThat(document.patientId()).map(PatientId::id)
            .contains(XdmFixtures.ANS_PATIENT));
    }

    @Test
    void subsetNamesAreFreeAndTheTopFolderAndCaseVary() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("KA202612/IHE_XDM/SS000001/METADATA.XML", utf8(metadata(document("Document01", "11490-0", QUALIFIED_INS))));
        entries.put("ka202612/Ihe_Xdm/Lettres/Metadata.xml", utf8(metadata(document("Document01", "11502-2", QUALIFIED_INS))));
        entries.put("IHE_XDM/SUBSET_A/METADATA.XML", utf8(metadata(document("Document01", "18748-4", QUALIFIED_INS))));

        assertThat(read(XdmFixtures.zip(entries))).extracting(DocumentEntry::typeCode)
            .containsExactly(Optional.of("11490-0"), Optional.of("11502-2"), Optional.of("18748-4"));
    }

    @Test
    void metadataTwoFoldersAboveIheXdmIsNotTheArchivesMetadata() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("A/B/IHE_XDM/SUBSET01/METADATA.XML", utf8(metadata(document("Document01", "11490-0", QUALIFIED_INS))));
        entries.put("IHE_XDM/METADATA.XML", utf8(metadata(document("Document01", "11490-0", QUALIFIED_INS))));

        assertThatThrownBy(() -> read(XdmFixtures.zip(entries))).isInstanceOf(UnreadableArchiveException.class)
            .hasMessageContaining("holds no IHE_XDM/SUBSET01/METADATA.XML");
    }

    @Test
    void anArchiveWithoutMetadataIsUnreadable() throws Exception {
        assertThatThrownBy(() -> read(archive(null)))
            .isInstanceOf(UnreadableArchiveException.class)
            .hasMessageContaining("holds no IHE_XDM/SUBSET01/METADATA.XML");
    }

    @Test
    void metadataOutsideASubsetFolderIsNotTheArchivesMetadata() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("METADATA.XML", utf8(metadata(document("Document01", "11490-0", QUALIFIED_INS))));

        assertThatThrownBy(() -> read(XdmFixtures.zip(entries))).isInstanceOf(UnreadableArchiveException.class);
    }

    @Test
    void somethingElseThanAZipIsUnreadable() {
        assertThatThrownBy(() -> read("%PDF-1.7 not an archive".getBytes(StandardCharsets.US_ASCII)))
            .isInstanceOf(UnreadableArchiveException.class)
            .hasMessageContaining("is not a readable ZIP archive");
    }

    @Test
    void aMetadataBombIsStoppedAtTheBoundNotInflatedInFull() throws Exception {
        // 64 MB of blanks compress to about 64 KB: the read stops at the 4 MB bound.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("IHE_XDM/SUBSET01/METADATA.XML"));
            zip.write(utf8("<?xml version=\"1.0\"?>\n<lcm:SubmitObjectsRequest "));
            byte[] blanks = new byte[1024 * 1024];
            java.util.Arrays.fill(blanks, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                zip.write(blanks);
            }
            zip.closeEntry();
        }
        assertThat(bytes.size()).isLessThan(1024 * 1024);

        assertThatThrownBy(() -> read(bytes.toByteArray()))
            .isInstanceOf(UnreadableArchiveException.class)
            .hasMessageContaining("IHE_XDM/SUBSET01/METADATA.XML expands beyond 4096 KB");
    }

    @Test
    void anArchiveWithTooManyEntriesIsRefusedBeforeAnyIsRead() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("IHE_XDM/SUBSET01/METADATA.XML", utf8(metadata(document("Document01", "11490-0", QUALIFIED_INS))));
        for (int i = 0; i < XdmArchive.MAX_ENTRIES; i++) {
            entries.put("IHE_XDM/SUBSET01/IMG" + i + ".DCM", new byte[0]);
        }

        assertThatThrownBy(() -> read(XdmFixtures.zip(entries)))
            .isInstanceOf(UnreadableArchiveException.class)
            .hasMessageContaining("more than the " + XdmArchive.MAX_ENTRIES + " accepted");
    }

    @Test
    void aTruncatedArchiveIsUnreadable() throws Exception {
        byte[] whole = archive(metadata(document("Document01", "11490-0", QUALIFIED_INS)));
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);

        assertThatThrownBy(() -> read(truncated)).isInstanceOf(UnreadableArchiveException.class);
    }

    private static List<DocumentEntry> read(byte[] archive) throws Exception {
        return XdmArchive.documents(new ByteArrayInputStream(archive));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
