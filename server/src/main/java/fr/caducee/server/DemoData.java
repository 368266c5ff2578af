package fr.caducee.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.james.utils.DataProbeImpl;

import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Dispensing;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;
import fr.caducee.server.directory.DirectoryProbe;
import fr.caducee.server.gateway.GatewaySettings;
import fr.caducee.trust.pki.CertificateAuthority;
import fr.caducee.trust.pki.DevPki;
import fr.caducee.trust.pki.LeafRequest;
import fr.caducee.trust.pki.SecureFiles;

/**
 * The demo domain, professionals, structures and boxes created on the first start of a development server, so that
 * a newcomer can log in from a mail client at once. Passwords are random and written to {@code demo-accounts.txt}
 * in the data folder. The demo hospital is the gateway's hospital when none is declared ({@link #hospital()}), with
 * a client certificate for its information system in {@code pki/demo-hospital.p12} (development PKI only).
 */
public final class DemoData {
    static final String DOMAIN = "caducee.localhost";
    /** The demo hospital's information system (APP box), the gateway's sender when no hospital is declared. */
    public static final String HOSPITAL_BOX = "dpi@" + DOMAIN;
    /** Its emergency department's shared box (ORG), which gets the gateway's daily summary. */
    public static final String EMERGENCY_BOX = "urgences@" + DOMAIN;
    /** The unit code the demo hospital's ED messages carry (PV1-3.1 or ZBE-7.10). */
    public static final String EMERGENCY_UNIT = "URG";
    static final String HOSPITAL_CERTIFICATE_FILE = "demo-hospital.p12";
    static final String PATIENT_DOMAIN = PatientAddress.DOMAIN_PREFIX + DOMAIN;

    private static final IdNat GP = IdNat.parse("810000005479");
    private static final IdNat PHARMACIST = IdNat.parse("810000012343");
    private static final IdNat CARDIOLOGIST = IdNat.parse("810000024686");
    private static final IdNat EMERGENCY_PHYSICIAN = IdNat.parse("810000036565");
    private static final StructureId HOSPITAL = StructureId.parseNational("1750000010");
    private static final StructureId PHARMACY = StructureId.parseNational("1750000028");
    private static final Ins PATIENT = Ins.parse("146026322000196");
    /** Paul Durand's son, whom he represents: his box opens from Paul's in the webmail. */
    private static final Ins CHILD = Ins.parse("114067511203155");

    private DemoData() {
    }

    /** The demo hospital as the gateway knows it when {@code caducee.gateway.hospitals} declares none. */
    public static GatewaySettings.Hospital hospital() {
        return new GatewaySettings.Hospital("demo", BoxAddress.parse(HOSPITAL_BOX), "Centre hospitalier Caducée",
            Set.of(), Optional.of(BoxAddress.parse(EMERGENCY_BOX)), Set.of(EMERGENCY_UNIT),
            "Urgences du Centre hospitalier Caducée, 01 23 45 67 89 (jour et nuit), " + EMERGENCY_BOX,
            Optional.empty());
    }

    /** Creates the demo data unless the data folder already has it; returns the account file. */
    static Path seedOnFirstStart(DataProbeImpl data, DirectoryProbe directory, Path dataDir) throws Exception {
        Path accounts = dataDir.resolve("demo-accounts.txt");
        if (Files.exists(accounts)) {
            return accounts;
        }
        for (String domain : List.of(DOMAIN, PATIENT_DOMAIN)) {
            if (!data.containsDomain(domain)) {
                data.addDomain(domain);
            }
        }
        Instant now = Clock.systemUTC().instant();
        var store = directory.store();
        store.putProfessional(new Professional(GP, "DR", "Martin", "Claire", "10", "Médecin", "SM54", "Médecine générale"));
        store.putProfessional(new Professional(PHARMACIST, "", "Petit", "Julien", "21", "Pharmacien", "", ""));
        store.putProfessional(new Professional(CARDIOLOGIST, "PR", "Bernard", "Sophie", "10", "Médecin", "SM04", "Cardiologie"));
        store.putProfessional(new Professional(EMERGENCY_PHYSICIAN, "DR", "Leroy", "Antoine", "10", "Médecin", "SM54",
            "Médecine d'urgence"));
        store.putStructure(new Structure(HOSPITAL, "Centre hospitalier Caducée", "", "75013", "Paris"));
        store.putStructure(new Structure(PHARMACY, "Pharmacie Centrale", "Pharmacie Centrale", "75011", "Paris"));

        Map<String, Box> boxes = new LinkedHashMap<>();
        boxes.put("general practitioner (PER)", box("dr.martin", BoxType.PER, GP, null, null, Set.of(), "", now));
        boxes.put("pharmacist (PER)", box("pharmacie.centrale", BoxType.PER, PHARMACIST, PHARMACY, null, Set.of(), "", now));
        boxes.put("cardiologist (PER)", box("pr.bernard", BoxType.PER, CARDIOLOGIST, HOSPITAL, null, Set.of(), "", now));
        boxes.put("cardiology ward (ORG, members: Bernard, Martin)",
            box("cardiologie", BoxType.ORG, null, HOSPITAL, CARDIOLOGIST, Set.of(CARDIOLOGIST, GP), "", now));
        boxes.put("hospital information system (APP; the HL7 gateway's demo hospital, certificate pki/"
                + HOSPITAL_CERTIFICATE_FILE + ")",
            box("dpi", BoxType.APP, null, HOSPITAL, null, Set.of(), "CADUCEE-DEMO-DPI", now));
        boxes.put("emergency department (ORG, member: Leroy; the gateway's daily summary)",
            box("urgences", BoxType.ORG, null, HOSPITAL, EMERGENCY_PHYSICIAN, Set.of(EMERGENCY_PHYSICIAN), "", now));
        boxes.values().forEach(store::putBox);

        Patient patient = new Patient(PATIENT, "Durand", "Paul", Optional.of(LocalDate.of(1946, 2, 14)),
            PatientAddress.of(PATIENT, DOMAIN), BoxStatus.ACTIVE, now,
            List.of(new Dispensing(PHARMACY, LocalDate.now(Clock.systemUTC()).minusMonths(3))));
        store.putPatient(patient);
        Patient child = new Patient(CHILD, "Durand", "Lucas", Optional.of(LocalDate.of(2014, 6, 3)),
            PatientAddress.of(CHILD, DOMAIN), BoxStatus.ACTIVE, now, List.of());
        store.putPatient(child);
        store.addRepresentative(CHILD, PATIENT);

        List<String> lines = new ArrayList<>();
        lines.add("# Demo boxes of this development server: address, password, what it is. Not for production.");
        for (Map.Entry<String, Box> box : boxes.entrySet()) {
            lines.add(account(directory, box.getValue().address(), box.getKey()));
        }
        lines.add(account(directory, patient.boxAddress(), "patient, with a dispensing at the pharmacy"));
        lines.add(account(directory, child.boxAddress(),
            "patient, a child represented by Paul Durand (opened from his box in the webmail)"));
        write(accounts, lines);
        issueHospitalCertificate(dataDir.resolve("pki"));
        return accounts;
    }

    /**
     * The demo hospital's client certificate for the gateway's TLS listener, naming its APP box, issued by the
     * development root when there is one (never with the operator's own keystore), with the keystores' password.
     */
    private static void issueHospitalCertificate(Path pki) throws IOException {
        Path rootKey = pki.resolve(DevPki.ROOT_KEY_FILE);
        if (!Files.exists(rootKey) || Files.exists(pki.resolve(HOSPITAL_CERTIFICATE_FILE))) {
            return;
        }
        CertificateAuthority root = CertificateAuthority.load(pki.resolve(DevPki.ROOT_CERTIFICATE_FILE), rootKey);
        char[] secret = Files.readString(pki.resolve(DevPki.SECRET_FILE)).strip().toCharArray();
        root.issue(LeafRequest.builder(HOSPITAL_BOX).serverAuth(false).clientAuth(true).build())
            .writePkcs12(pki.resolve(HOSPITAL_CERTIFICATE_FILE), secret, "demo-hospital");
    }

    private static Box box(String localPart, BoxType type, IdNat holder, StructureId structure, IdNat responsible,
                           Set<IdNat> members, String softwareRef, Instant created) {
        return new Box(BoxAddress.parse(localPart + "@" + DOMAIN), type, Optional.ofNullable(holder),
            Optional.ofNullable(structure), Optional.ofNullable(responsible), members, false, BoxStatus.ACTIVE, created,
            "", softwareRef);
    }

    private static String account(DirectoryProbe directory, BoxAddress address, String what) {
        String password = randomPassword();
        directory.passwords().set(address, password);
        return address + " " + password + " " + what;
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the data folder's own permissions protect it
        }
    }

    private static String randomPassword() {
        return SecureFiles.randomSecret(12);
    }
}
