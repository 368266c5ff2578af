package fr.caducee.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HL7 messages a hospital's interface sends in the gateway's benchmark, each built from one of ANS's published
 * examples (the gateway's test fixtures, {@code hl7/ans}) as the integration tests build theirs: the hospital's FINESS
 * in MSH-4, a control id of its own in MSH-10, and
 * <ul>
 *   <li>an admission ({@code pam/admission.er7}, A01 in the ED's unit): a patient of its own (INS of the test
 *       authority with a valid key, a family name {@code PATIENT<n>} that the GP's notice shows in its subject), a
 *       visit and a movement of its own, the time of sending, and the GP as DOMAIN.md writes a médecin traitant
 *       ({@code ROL||UC|ODRP|<RPPS>^...});</li>
 *   <li>a discharge ({@code pam/sortie.er7}, A03: nothing to do for the gateway);</li>
 *   <li>a document ({@code oru/initial.hl7}, ORU^R01 with DESTDMP, DESTMSSANTEPS and DESTMSSANTEPAT): a copy of a
 *       real CDA (its own document id) about a registered patient, in place of ANS's placeholder, to one professional
 *       (PRT RCT and REPLY) and the patient (PRT RCT, the patient's box).</li>
 * </ul>
 * Segments are separated by CR, as MLLP carries them.
 */
final class HospitalMessages {
    static final String INS_TEST_AUTHORITY = "1.2.250.1.213.1.4.10";
    /** The patient, INS and professional of ANS's ORU example, replaced in each document message. */
    static final String ANS_INS = "279035121518989";
    static final String ANS_PROFESSIONAL = "adam.hoda@test-ci-sis.mssante.fr";
    static final String ANS_PROFESSIONAL_IDNAT = "801234567897";
    static final String ANS_PATIENT_DOMAIN = "@patient.mssante.fr";
    /** The placeholder ANS's ORU carries in OBX-5 ("Document medcial au format CDA niveau 1" in Base64). */
    static final String PLACEHOLDER_CDA = "RG9jdW1lbnQgbWVkY2lhbCBhdSBmb3JtYXQgQ0RBIG5pdmVhdSAx";
    private static final DateTimeFormatter HL7_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
        .withZone(ZoneId.of("Europe/Paris"));
    private static final Pattern PATIENT_NUMBER = Pattern.compile("PATIENT(\\d+)");

    private final String admission;
    private final String discharge;
    private final String document;
    private final String finess;

    HospitalMessages(String admission, String discharge, String document, String finess) {
        this.admission = crSeparated(admission);
        this.discharge = crSeparated(discharge);
        this.document = crSeparated(document);
        this.finess = finess;
    }

    /** ANS's examples from the folder that holds {@code pam/} and {@code oru/} (gateway/src/test/resources/hl7/ans). */
    static HospitalMessages read(Path examples, String finess) throws IOException {
        return new HospitalMessages(text(examples.resolve("pam/admission.er7")),
            text(examples.resolve("pam/sortie.er7")), text(examples.resolve("oru/initial.hl7")), finess);
    }

    /** Patient {@code patient} arrives at the ED; their GP is the holder of RPPS {@code gpRpps} (11 digits). */
    String admission(String controlId, int patient, String gpRpps, Instant sentAt) {
        String time = HL7_TIME.format(sentAt);
        String text = header(admission, controlId, time);
        text = withField(text, "EVN", 2, time);
        text = withField(text, "EVN", 6, time);
        text = withPatient(text, patient);
        text = withField(text, "PV1", 19, "V" + patient + "^^^CHU-BENCH&" + finess + "&M^VN");
        text = withField(text, "ZBE", 1, "M" + patient + "^CHU-BENCH^" + finess);
        text = withField(text, "ZBE", 2, time);
        return withSegmentAfter(text, "PID", "ROL||UC|ODRP|" + gpRpps
            + "^MEDECIN^TRAITANT^^^^^^ASIP-SANTE-PS&1.2.250.1.71.4.2.1&ISO^L^^^RPPS");
    }

    /** Patient {@code patient} leaves: an A03, which the gateway acknowledges and does nothing with. */
    String discharge(String controlId, int patient, Instant sentAt) {
        String time = HL7_TIME.format(sentAt);
        String text = header(discharge, controlId, time);
        text = withField(text, "EVN", 2, time);
        text = withField(text, "EVN", 6, time);
        text = withPatient(text, patient);
        return withField(text, "ZBE", 1, "D" + patient + "^CHU-BENCH^" + finess);
    }

    /**
     * A report about the patient of INS {@code ins} (their box {@code ins@patientDomain}) for the professional
     * {@code professional} (idNat {@code idNat}), carrying {@code cda} (a copy whose patient is that INS) in every
     * OBX-5 of ANS's example.
     */
    String document(String controlId, String ins, String patientDomain, String professional, String idNat,
                    byte[] cda, Instant sentAt) {
        String text = header(document, controlId, HL7_TIME.format(sentAt));
        text = text.replace(PLACEHOLDER_CDA, Base64.getEncoder().encodeToString(cda))
            .replace(ANS_INS + ANS_PATIENT_DOMAIN, ins + "@" + patientDomain)
            .replace(ANS_INS, ins)
            .replace(ANS_PROFESSIONAL, professional)
            .replace(ANS_PROFESSIONAL_IDNAT, idNat);
        return text;
    }

    /** The patient number of an admission's notice, read from its subject ("... votre patiente Camille PATIENT12"). */
    static int patientNumber(String subject) {
        Matcher number = PATIENT_NUMBER.matcher(subject);
        if (!number.find()) {
            return -1;
        }
        return Integer.parseInt(number.group(1));
    }

    /** Patient {@code n}'s INS: a well-formed NIR of the test authority, with its key ({@link RecordSeed#ins}). */
    static String ins(int n) {
        return RecordSeed.ins(n);
    }

    private String header(String text, String controlId, String time) {
        String withFacility = withField(text, "MSH", 4, "CHU-BENCH^" + finess + "^M");
        return withField(withField(withFacility, "MSH", 7, time), "MSH", 10, controlId);
    }

    private String withPatient(String text, int patient) {
        String ins = ins(patient);
        String withId = withField(text, "PID", 3, patient + "^^^CHU-BENCH&" + finess + "&M^PI~" + ins + "^^^ASIP-SANTE-INS-NIR&"
            + INS_TEST_AUTHORITY + "&ISO^INS");
        String given = patient % 2 == 0 ? "CAMILLE" : "DOMINIQUE";
        String withName = withField(withId, "PID", 5, "PATIENT" + patient + "^" + given + "^" + given + "^^^^L");
        String birth = String.format(Locale.ROOT, "19%02d%02d%02d", 40 + patient % 60, 1 + patient % 12,
            1 + patient % 28);
        return withField(withField(withName, "PID", 7, birth), "PID", 8, patient % 2 == 0 ? "F" : "M");
    }

    /** Field {@code n} of the first segment {@code id} set to {@code value} (MSH-n counted as HL7 counts it). */
    static String withField(String text, String id, int n, String value) {
        List<String> segments = new ArrayList<>(List.of(text.split("\r")));
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).startsWith(id + "|")) {
                List<String> fields = new ArrayList<>(List.of(segments.get(i).split(Pattern.quote("|"), -1)));
                int index = id.equals("MSH") ? n - 1 : n;
                while (fields.size() <= index) {
                    fields.add("");
                }
                fields.set(index, value);
                segments.set(i, String.join("|", fields));
                return String.join("\r", segments);
            }
        }
        throw new IllegalArgumentException("no segment " + id);
    }

    static String withSegmentAfter(String text, String after, String segment) {
        List<String> segments = new ArrayList<>(List.of(text.split("\r")));
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).startsWith(after + "|")) {
                segments.add(i + 1, segment);
                return String.join("\r", segments);
            }
        }
        throw new IllegalArgumentException("no segment " + after);
    }

    /** Field {@code n} of the first segment {@code id}, empty when absent. */
    static String field(String text, String id, int n) {
        for (String segment : text.split("\r")) {
            if (segment.startsWith(id + "|")) {
                String[] fields = segment.split(Pattern.quote("|"), -1);
                int index = id.equals("MSH") ? n - 1 : n;
                return index < fields.length ? fields[index] : "";
            }
        }
        return "";
    }

    static String crSeparated(String text) {
        return text.replace("\r\n", "\r").replace('\n', '\r').replaceAll("\r+$", "");
    }

    private static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
