package fr.caducee.domain.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * ANS's published CDA samples (see {@code src/test/resources/cda/ans/README.md}), and XDM archives around them laid
 * out as ANS lays its packages out, with a {@code METADATA.XML} written from each CDA's own header, since ANS
 * publishes no XDM archive of these documents.
 *
 * <p>All the samples are for ANS's test patient {@link #PATIENT_INS} (test INS authority). Two of their authors
 * have national ids that fail the RPPS check digit; {@link #registrable} gives the same document with the check
 * digit put right, so that the author can be registered in a directory.
 */
public final class AnsSamples {
    /** PAT-TROIS DOMINIQUE, born 1979-03-28, F: the INS of every sample, under the test authority. */
    public static final String PATIENT_INS = "279035121518989";
    public static final String PATIENT_AUTHORITY = "1.2.250.1.213.1.4.10";
    public static final String PATIENT_FAMILY_NAME = "PAT-TROIS";
    public static final String PATIENT_BIRTH_DATE = "1979-03-28";

    /** The radiologist of the imaging report ("Eric Thomas"), as written: fails the RPPS check digit. */
    public static final String IMAGING_AUTHOR = "801234564895";
    /** {@link #IMAGING_AUTHOR} with its check digit put right. */
    public static final String IMAGING_AUTHOR_REGISTRABLE = "801234564894";
    /** The biologist of the lab report (Marcel CAMPARINI), as written: fails the RPPS check digit. */
    public static final String BIO_AUTHOR = "801234534765";
    /** {@link #BIO_AUTHOR} with its check digit put right. */
    public static final String BIO_AUTHOR_REGISTRABLE = "801234534764";
    /** The radiologist of DRIM-M's imaging report (Jacques BIDEAULT): a valid RPPS national id as written. */
    public static final String DRIMM_AUTHOR = "801234560801";

    /** The samples, by what they are in the tests. */
    public enum Sample {
        /** Lab report (LOINC 11502-2), version 1: id 1.2.250.1.213.1.1.12, set 1.2.250.1.213.1.1.9. */
        BIO("cda/ans/bio/SEGUR_CR-BIO_2023.01_Electrophorese.xml", "1.2.250.1.213.1.1.12", BIO_AUTHOR),
        /** Its version 2 (id ...13), replacing version 1; ANS's deletion example sends this same file. */
        BIO_V2("cda/ans/bio/SEGUR_CR_Bio_CDA_Niv3_v2.xml", "1.2.250.1.213.1.1.13", BIO_AUTHOR),
        /** Imaging report (LOINC 18748-4) "Radio de hanche", version 1, no setId. */
        IMAGING("cda/ans/imaging/CR_Radio_CDAN1_v1.XML", "1.2.250.1.71.4.2.2.120456789.71024000081", IMAGING_AUTHOR),
        /** Its version 2 (id ...82), replacing version 1; ANS's deletion example sends this same file. */
        IMAGING_V2("cda/ans/imaging/CR_Radio_CDAN1_v2.XML", "1.2.250.1.71.4.2.2.120456789.71024000082", IMAGING_AUTHOR),
        /**
         * DRIM-M's imaging report (LOINC 18748-4), version 1, set D52DE737-001D-4031-B571-0A0ED7C42300; its header as
         * published, its base64 PDF body left out.
         */
        DRIMM_IMAGING("cda/ans/drimm/CR_G1_header.xml", "1.2.250.1.213.4.5.4.407", DRIMM_AUTHOR),
        /** Its version 2 (id ...4072, the patient's birthplace corrected), replacing version 1; same cut. */
        DRIMM_IMAGING_V2("cda/ans/drimm/CR_G1_MAJ_header.xml", "1.2.250.1.213.4.5.4.4072", DRIMM_AUTHOR);

        private final String resource;
        private final String uniqueId;
        private final String author;

        Sample(String resource, String uniqueId, String author) {
            this.resource = resource;
            this.uniqueId = uniqueId;
            this.author = author;
        }

        public String uniqueId() {
            return uniqueId;
        }

        /** The author's national id as the sample writes it. */
        public String author() {
            return author;
        }

        /** The sample's bytes, as published. */
        public byte[] bytes() {
            try (InputStream in = AnsSamples.class.getResourceAsStream("/" + resource)) {
                if (in == null) {
                    throw new IllegalStateException("test resource " + resource + " missing");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private AnsSamples() {
    }

    /**
     * The sample with its author's national id (wherever written) given the right RPPS check digit; DRIM-M's, whose
     * author's id is valid, as published.
     */
    public static byte[] registrable(Sample sample) {
        String registrable = switch (sample.author()) {
            case IMAGING_AUTHOR -> IMAGING_AUTHOR_REGISTRABLE;
            case BIO_AUTHOR -> BIO_AUTHOR_REGISTRABLE;
            default -> sample.author();
        };
        return registrable.equals(sample.author()) ? sample.bytes()
            : replace(sample.bytes(), "extension=\"" + sample.author() + "\"", "extension=\"" + registrable + "\"");
    }

    /** The document with every occurrence of a text replaced: derived variants of a sample for the tests. */
    public static byte[] replace(byte[] document, String text, String replacement) {
        String xml = new String(document, StandardCharsets.UTF_8);
        if (!xml.contains(text)) {
            throw new IllegalArgumentException("the document has no " + text);
        }
        return xml.replace(text, replacement).getBytes(StandardCharsets.UTF_8);
    }

    /** One document submitted: its CDA and how its entry is marked. */
    public record Submitted(byte[] cda, String status) {
        public static Submitted approved(byte[] cda) {
            return new Submitted(cda, XdmEntry.APPROVED);
        }

        /** The current version sent again, deprecated: its withdrawal. */
        public static Submitted withdrawn(byte[] cda) {
            return new Submitted(cda, XdmEntry.DEPRECATED);
        }

        XdmWriter.Document document() {
            XdmWriter.Document document = XdmWriter.Document.of(cda);
            return XdmEntry.DEPRECATED.equals(status) ? document.withdrawal() : document;
        }
    }

    /** When the samples' archives are made: their top folder is {@code KA202612}. */
    public static final Instant SUBMITTED = Instant.parse("2026-12-07T09:00:00Z");

    /** An XDM archive of these CDAs, approved, laid out as ANS does. */
    public static byte[] xdm(byte[]... cdas) {
        Submitted[] submitted = new Submitted[cdas.length];
        for (int i = 0; i < cdas.length; i++) {
            submitted[i] = Submitted.approved(cdas[i]);
        }
        return xdm(submitted);
    }

    /**
     * An XDM archive laid out as ANS's packages are ({@code KA202612/IHE_XDM/SS000001/}, URIs relative to
     * {@code IHE_XDM}), its metadata written from each CDA's header: {@link XdmWriter}'s.
     */
    public static byte[] xdm(Submitted... documents) {
        try {
            return XdmWriter.archive(SUBMITTED, "SIH Exemple 4.1", Arrays.stream(documents).map(Submitted::document).toList());
        } catch (UnreadableArchiveException e) {
            throw new IllegalArgumentException("a fixture's CDA is unreadable: " + e.getMessage(), e);
        }
    }

    /** A METADATA.XML whose one entry is written from the CDA's header, with its file at {@code uri}. */
    public static String metadataFor(byte[] cda, String uri, String status) {
        try {
            return XdmWriter.metadata(SUBMITTED, new Submitted(cda, status).document(), uri);
        } catch (UnreadableArchiveException e) {
            throw new IllegalArgumentException("a fixture's CDA is unreadable: " + e.getMessage(), e);
        }
    }
}
