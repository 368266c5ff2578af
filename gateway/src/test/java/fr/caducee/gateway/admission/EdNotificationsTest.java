package fr.caducee.gateway.admission;

import static fr.caducee.gateway.AnsMessages.ROL_GP;
import static fr.caducee.gateway.AnsMessages.text;
import static fr.caducee.gateway.AnsMessages.utf8;
import static fr.caducee.gateway.AnsMessages.withField;
import static fr.caducee.gateway.AnsMessages.withSegmentAfter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import fr.caducee.domain.directory.CachedDirectory;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.PasswordScheme;
import fr.caducee.domain.directory.store.DirectoryUnavailableException;
import fr.caducee.domain.directory.store.InMemoryDirectoryStore;
import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;
import fr.caducee.gateway.DependencyUnavailableException;
import fr.caducee.gateway.GatewayMessageIds;
import fr.caducee.gateway.Peer;
import fr.caducee.gateway.message.Hl7Reader;
import fr.caducee.gateway.port.PlannedMail;
import fr.caducee.gateway.port.SubmissionResult;

class EdNotificationsTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Finess HOSPITAL = Finess.parse("000897405");
    private static final IdNat GP = IdNat.parse("810000005479");
    private static final BoxAddress GP_BOX = BoxAddress.parse("jean.medecin@medecin.caducee.test");
    private static final BoxAddress GP_OTHER_BOX = BoxAddress.parse("dr.medecin@cabinet.caducee.test");
    private static final BoxAddress APP_BOX = BoxAddress.parse("dpi@chu-x.caducee.test");
    private static final BoxAddress ED_BOX = BoxAddress.parse("urgences@chu-x.caducee.test");
    private static final Instant CREATED = Instant.parse("2026-01-05T09:00:00Z");
    private static final Peer PEER = new Peer(APP_BOX, "CHU de X", Set.of(HOSPITAL), Optional.of(ED_BOX),
        Set.of("8782"), "01 23 45 67 89 (régulation des urgences)");
    private static final String ADMISSION = withField(withField(withSegmentAfter(text("pam/admission.er7"), "PID",
        ROL_GP), "MSH", 9, "ADT^A04^ADT_A01"), "PV1", 2, "E");

    private final InMemoryDirectoryStore store = new InMemoryDirectoryStore();
    private final Directory directory = new CachedDirectory(store, domain -> true, new NoPasswords(),
        new CachedDirectory.CacheSettings(Duration.ofMillis(2), 1_000));
    private final EdNotifications notifications = new EdNotifications(directory, PARIS);

    EdNotificationsTest() {
        store.putStructure(new Structure(HOSPITAL, "CHU de X", "", "", ""));
        store.putBox(new Box(APP_BOX, BoxType.APP, Optional.empty(), Optional.of(HOSPITAL), Optional.empty(), Set.of(),
            false, BoxStatus.ACTIVE, CREATED, "", ""));
    }

    @Test
    void theGpsActiveBoxGetsTheNotice() throws Exception {
        registerGp();
        box(GP_BOX, BoxStatus.ACTIVE);

        EdDecision decision = notifications.arrival(PEER, admission(ADMISSION));

        assertThat(decision.outcome()).isEqualTo(EdOutcome.SENT);
        assertThat(decision.reason()).contains("Jean MEDECIN").contains("RPPS 10000005479").contains(GP_BOX.address());
        assertThat(decision.gp()).map(GpReference::idNat).contains(GP);
        assertThat(decision.notices()).singleElement().satisfies(notice -> {
            assertThat(notice.purpose()).isEqualTo(GatewayMessageIds.Purpose.ED_NOTICE);
            assertThat(notice.from()).isEqualTo(APP_BOX);
            assertThat(notice.to()).isEqualTo(GP_BOX);
            assertThat(notice.recipientId()).contains(GP.value());
        });
    }

    @Test
    void theNoticeSaysWhoArrivedWhenWhereAndHowToReachTheEdAndNothingOfWhy() throws Exception {
        registerGp();
        box(GP_BOX, BoxStatus.ACTIVE);

        EdNotice notice = notifications.arrival(PEER, admission(ADMISSION)).notices().get(0);

        assertThat(notice.subject()).isEqualTo("Urgences CHU de X : votre patiente Dominique PAT-TROIS");
        assertThat(notice.body())
            .startsWith("Bonjour Docteur MEDECIN,\n\n")
            .contains("Votre patiente Dominique PAT-TROIS, née le 28/03/1979, est arrivée aux urgences du CHU de X "
                + "(Chir V) le mercredi 6 mars 2024 à 11h11 (heure de Paris).")
            .contains("Pour joindre les urgences : 01 23 45 67 89 (régulation des urgences)")
            .contains("Référence du passage à rappeler : 000897406")
            .contains("ni diagnostic ni motif de venue")
            .doesNotContain("279035121518989").doesNotContain("Breteuil");
    }

    @Test
    void theNoticeIsAFrenchPlainTextMailInUtf8FromTheHospitalsBox() throws Exception {
        registerGp();
        box(GP_BOX, BoxStatus.ACTIVE);
        EdNotice notice = notifications.arrival(PEER, admission(ADMISSION)).notices().get(0);

        byte[] mime = notice.mime("<gw.0123@caducee.test>", Instant.parse("2024-03-06T10:12:00Z"));

        MimeMessage read = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mime));
        assertThat(read.getMessageID()).isEqualTo("<gw.0123@caducee.test>");
        assertThat(read.getFrom()).extracting(Object::toString).containsExactly(APP_BOX.address());
        assertThat(read.getAllRecipients()).extracting(Object::toString).containsExactly(GP_BOX.address());
        assertThat(read.getSubject()).isEqualTo(notice.subject());
        assertThat(read.getContentType()).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(read.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        assertThat(read.getHeader("Content-Language", null)).isEqualTo("fr");
        assertThat(read.getSentDate()).isEqualTo(java.util.Date.from(Instant.parse("2024-03-06T10:12:00Z")));
        assertThat(((String) read.getContent()).replace("\r\n", "\n")).isEqualTo(notice.body());
    }

    @Test
    void theNoticeIsPlannedUnderTheMessageIdDrawnFromTheHl7Message() throws Exception {
        registerGp();
        box(GP_BOX, BoxStatus.ACTIVE);
        EdNotice notice = notifications.arrival(PEER, admission(ADMISSION)).notices().get(0);

        PlannedMail planned = notice.planned("3975", "caducee.test", Instant.parse("2024-03-06T10:12:00Z"));

        assertThat(planned.messageId()).isEqualTo(GatewayMessageIds.of(APP_BOX, "3975",
            GatewayMessageIds.Purpose.ED_NOTICE, GP_BOX.address(), "caducee.test"));
        assertThat(planned.peer()).isEqualTo(APP_BOX);
        assertThat(planned.from()).isEqualTo(APP_BOX);
        assertThat(planned.controlId()).isEqualTo("3975");
        assertThat(planned.recipient()).isEqualTo(GP_BOX.address());
        assertThat(planned.recipientId()).contains(GP.value());
        assertThat(planned.notifySuccess()).isFalse();
        assertThat(planned.wantsReading()).isFalse();
        assertThat(new String(planned.mime(), java.nio.charset.StandardCharsets.US_ASCII))
            .contains("Message-ID: " + planned.messageId());
    }

    @Test
    void everyActivePerBoxOfTheGpGetsANoticeAndNoSuspendedOneDoes() throws Exception {
        registerGp();
        box(GP_BOX, BoxStatus.ACTIVE);
        box(GP_OTHER_BOX, BoxStatus.ACTIVE);
        box(BoxAddress.parse("ancien.medecin@medecin.caducee.test"), BoxStatus.SUSPENDED);

        EdDecision decision = notifications.arrival(PEER, admission(ADMISSION));

        assertThat(decision.notices()).extracting(EdNotice::to).containsExactlyInAnyOrder(GP_BOX, GP_OTHER_BOX);
    }

    @Test
    void anAdmissionWithoutGpHasNobodyToTell() throws Exception {
        EdDecision decision = notifications.arrival(PEER, admission(withField(text("pam/admission.er7"), "PV1", 2,
            "E")));

        assertThat(decision.outcome()).isEqualTo(EdOutcome.NO_GP);
        assertThat(decision.notices()).isEmpty();
        assertThat(decision.reason()).contains("ROL ODRP").contains("PD1-4");
    }

    @Test
    void aGpTheDirectoryDoesNotKnowIsUnknown() throws Exception {
        EdDecision decision = notifications.arrival(PEER, admission(ADMISSION));

        assertThat(decision.outcome()).isEqualTo(EdOutcome.GP_UNKNOWN);
        assertThat(decision.reason()).contains("Jean MEDECIN, RPPS 10000005479").contains("absent de l'annuaire");
        assertThat(decision.notices()).isEmpty();
    }

    @Test
    void aGpWithOnlySharedBoxesHasNoBox() throws Exception {
        registerGp();
        store.putBox(new Box(ED_BOX, BoxType.ORG, Optional.empty(), Optional.of(HOSPITAL), Optional.of(GP), Set.of(),
            false, BoxStatus.ACTIVE, CREATED, "", ""));
        store.putBox(new Box(BoxAddress.parse("cabinet@cabinet.caducee.test"), BoxType.CAB, Optional.of(GP),
            Optional.empty(), Optional.empty(), Set.of(), false, BoxStatus.ACTIVE, CREATED, "", ""));

        EdDecision decision = notifications.arrival(PEER, admission(ADMISSION));

        assertThat(decision.outcome()).isEqualTo(EdOutcome.GP_NO_BOX);
        assertThat(decision.reason()).contains("pas de boîte personnelle");
    }

    @Test
    void aGpWhoseBoxesAreAllSuspendedIsNotTold() throws Exception {
        registerGp();
        box(GP_BOX, BoxStatus.SUSPENDED);

        EdDecision decision = notifications.arrival(PEER, admission(ADMISSION));

        assertThat(decision.outcome()).isEqualTo(EdOutcome.GP_BOX_SUSPENDED);
        assertThat(decision.notices()).isEmpty();
    }

    @Test
    void anAdeliGpIsLookedUpByTheirAdeliIdNat() throws Exception {
        IdNat adeli = IdNat.parse("0751234567");
        store.putProfessional(new Professional(adeli, "", "INFIRMIER", "Paul", "60", "Infirmier", "", ""));
        store.putBox(new Box(GP_BOX, BoxType.PER, Optional.of(adeli), Optional.empty(), Optional.empty(), Set.of(),
            false, BoxStatus.ACTIVE, CREATED, "", ""));
        String message = ADMISSION.replace(ROL_GP, "ROL||UC|ODRP|751234567^INFIRMIER^PAUL^^^^^^^L^^^ADELI");

        EdDecision decision = notifications.arrival(PEER, admission(message));

        assertThat(decision.outcome()).isEqualTo(EdOutcome.SENT);
        assertThat(decision.notices().get(0).body()).startsWith("Bonjour Paul INFIRMIER,");
        assertThat(decision.reason()).contains("ADELI 751234567");
    }

    @Test
    void theDirectoryDownIsADependencyUnavailable() {
        store.fault((operation, key) -> new DirectoryUnavailableException("store down", null));

        assertThatThrownBy(() -> notifications.arrival(PEER, admission(ADMISSION)))
            .isInstanceOf(DependencyUnavailableException.class).hasMessageContaining("directory");
    }

    @Test
    void aManIsTheGpsPatientAndSomeoneOfUnknownSexTheirPatientE() throws Exception {
        registerGp();
        box(GP_BOX, BoxStatus.ACTIVE);

        EdNotice man = notifications.arrival(PEER, admission(withField(ADMISSION, "PID", 8, "M"))).notices().get(0);
        EdNotice unknown = notifications.arrival(PEER, admission(withField(ADMISSION, "PID", 8, "U"))).notices().get(0);

        assertThat(man.subject()).endsWith("votre patient Dominique PAT-TROIS");
        assertThat(man.body()).contains("né le 28/03/1979, est arrivé aux urgences").contains("de ce patient.");
        assertThat(unknown.body()).contains("Votre patient(e) Dominique PAT-TROIS, né(e) le");
    }

    @Test
    void aCancellationCorrectsEachNoticeThatLeft() throws Exception {
        Admission cancellation = admission(withField(ADMISSION, "MSH", 9, "ADT^A11^ADT_A09"));

        EdDecision decision = notifications.cancellation(PEER, cancellation, List.of(GP_BOX));

        assertThat(decision.outcome()).isEqualTo(EdOutcome.CANCELLED);
        assertThat(decision.reason()).contains("rectificatif envoyé à " + GP_BOX.address());
        assertThat(decision.notices()).singleElement().satisfies(correction -> {
            assertThat(correction.purpose()).isEqualTo(GatewayMessageIds.Purpose.ED_CORRECTION);
            assertThat(correction.to()).isEqualTo(GP_BOX);
            assertThat(correction.subject()).isEqualTo("Urgences CHU de X : annulation – votre patiente Dominique "
                + "PAT-TROIS");
            assertThat(correction.body()).contains("L'admission aux urgences du CHU de X de votre patiente Dominique "
                + "PAT-TROIS, née le 28/03/1979 (référence du passage : 000897406) a été annulée");
        });
    }

    @Test
    void aCancellationAfterNoNoticeSendsNothing() throws Exception {
        EdDecision decision = notifications.cancellation(PEER, admission(withField(ADMISSION, "MSH", 9,
            "ADT^A11^ADT_A09")), List.of());

        assertThat(decision.outcome()).isEqualTo(EdOutcome.CANCELLED);
        assertThat(decision.notices()).isEmpty();
        assertThat(decision.reason()).contains("aucun avis n'était parti");
    }

    @Test
    void aNoticeTheChainRefusedIsRefusedWithItsRule() throws Exception {
        registerGp();
        box(GP_BOX, BoxStatus.ACTIVE);
        EdDecision sent = notifications.arrival(PEER, admission(ADMISSION));

        EdDecision refused = EdNotifications.refused(sent, new SubmissionResult.Refused("550 5.2.1",
            "recipient-suspended", "the box is suspended"));

        assertThat(refused.outcome()).isEqualTo(EdOutcome.REFUSED);
        assertThat(refused.reason()).contains("recipient-suspended").contains("the box is suspended");
        assertThat(refused.gp()).isEqualTo(sent.gp());
        assertThat(refused.notices()).isEmpty();
    }

    @Test
    void theDaysSummaryCountsThePatientsSeenAndListsThoseWhoseGpWasNotTold() {
        LocalDate day = LocalDate.of(2024, 3, 6);
        List<EdArrival> arrivals = List.of(
            arrival("V1", "08:05", "Dominique PAT-TROIS", EdOutcome.SENT, "Avis envoyé"),
            arrival("V2", "09:10", "Jean DUPONT", EdOutcome.NO_GP, "Aucun médecin traitant dans le message"),
            arrival("V3", "10:15", "Marie CURIE", EdOutcome.GP_NO_BOX, "Le médecin traitant n'a pas de boîte"),
            arrival("V4", "07:20", "Paul MARTIN", EdOutcome.SENT, "Avis envoyé"),
            arrival("V5", "11:25", "Anne ROUX", EdOutcome.NO_GP, "Aucun médecin traitant dans le message"),
            arrival("V6", "12:30", "Erreur SAISIE", EdOutcome.CANCELLED, "Admission annulée"));

        EdNotice summary = notifications.summary(PEER, day, arrivals).orElseThrow();

        assertThat(summary.purpose()).isEqualTo(GatewayMessageIds.Purpose.ED_SUMMARY);
        assertThat(summary.to()).isEqualTo(ED_BOX);
        assertThat(summary.recipientId()).isEmpty();
        assertThat(summary.subject()).isEqualTo("Urgences CHU de X : bilan du 06/03/2024 – médecin traitant prévenu "
            + "pour 2 patients sur 5");
        assertThat(summary.body())
            .contains("le mercredi 6 mars 2024 (heure de Paris)")
            .contains("Patients vus : 5\n")
            .contains("Médecin traitant prévenu par messagerie sécurisée : 2 (40 %)\n")
            .contains("Non prévenu : 3\n  - pas de médecin traitant indiqué : 2\n  - médecin traitant sans boîte de "
                + "messagerie sécurisée : 1\n")
            .contains("Admissions annulées : 1\n")
            .contains("- 10h15  Marie CURIE (01/01/1980), passage V3 : Le médecin traitant n'a pas de boîte\n")
            .doesNotContain("Paul MARTIN");
        assertThat(summary.body().indexOf("09h10  Jean DUPONT")).isLessThan(summary.body().indexOf("11h25  Anne ROUX"));
    }

    @Test
    void aDayWithoutArrivalsIsSummarisedToo() {
        EdNotice summary = notifications.summary(PEER, LocalDate.of(2024, 3, 6), List.of()).orElseThrow();

        assertThat(summary.subject()).endsWith("prévenu pour 0 patient sur 0");
        assertThat(summary.body()).contains("Patients vus : 0\n");
    }

    @Test
    void aHospitalWithoutEdBoxHasNoSummary() {
        Peer noEdBox = new Peer(APP_BOX, "CHU de X", Set.of(HOSPITAL), Optional.empty(), Set.of(), "");

        assertThat(notifications.summary(noEdBox, LocalDate.of(2024, 3, 6), List.of())).isEmpty();
    }

    @Test
    void theArrivalKeptForTheSummaryComesFromTheAdmissionAndTheDecision() throws Exception {
        Admission admission = admission(ADMISSION);
        EdDecision decision = notifications.arrival(PEER, admission);

        EdArrival arrival = EdNotifications.arrival(admission, decision);

        assertThat(arrival.visitId()).isEqualTo("000897406");
        assertThat(arrival.patientName()).isEqualTo("Dominique PAT-TROIS");
        assertThat(arrival.birthDate()).contains(LocalDate.of(1979, 3, 28));
        assertThat(arrival.gpName()).isEqualTo("JEAN MEDECIN");
        assertThat(arrival.outcome()).isEqualTo(EdOutcome.GP_UNKNOWN);
        assertThat(arrival.department()).isEqualTo("Chir V");
    }

    @Test
    void anEdArrivalIsAnArrivalEventInTheEdOrInAUnitTheHospitalDeclared() throws Exception {
        String inpatient = text("pam/admission.er7");

        assertThat(EdNotifications.isEdArrival(PEER, admission(ADMISSION))).isTrue();
        assertThat(EdNotifications.isEdArrival(PEER, admission(inpatient))).isFalse();
        assertThat(EdNotifications.isEdArrival(PEER, admission(inpatient.replace("^UF^^^6268", "^UF^^^8782"))))
            .isTrue();
        assertThat(EdNotifications.isEdArrival(PEER, admission(withField(ADMISSION, "MSH", 9, "ADT^A03^ADT_A03"))))
            .isFalse();
        assertThat(EdNotifications.isEdArrival(PEER, admission(withField(ADMISSION, "MSH", 9, "ADT^A11^ADT_A09"))))
            .isFalse();
    }

    @Test
    void timesAreWrittenInTheZoneGiven() throws Exception {
        registerGp();
        box(GP_BOX, BoxStatus.ACTIVE);
        EdNotifications reunion = new EdNotifications(directory, ZoneId.of("Indian/Reunion"));

        EdNotice notice = reunion.arrival(PEER, admission(ADMISSION)).notices().get(0);

        assertThat(notice.body()).contains("le mercredi 6 mars 2024 à 14h11 (heure locale, Indian/Reunion)");
    }

    private EdArrival arrival(String visit, String time, String name, EdOutcome outcome, String reason) {
        return new EdArrival(visit, LocalDate.of(2024, 3, 6).atTime(java.time.LocalTime.parse(time)).atZone(PARIS)
            .toInstant(), "Urgences", name, Optional.of(LocalDate.of(1980, 1, 1)), "", outcome, reason);
    }

    private void registerGp() {
        store.putProfessional(new Professional(GP, "DR", "MEDECIN", "JEAN", "10", "Médecin", "SM54",
            "Médecine générale"));
    }

    private void box(BoxAddress address, BoxStatus status) {
        store.putBox(new Box(address, BoxType.PER, Optional.of(GP), Optional.empty(), Optional.empty(), Set.of(),
            false, status, CREATED, "", ""));
    }

    private static Admission admission(String text) throws Exception {
        return new AdmissionReader(PARIS).read(new Hl7Reader().read(utf8(text)));
    }

    private static final class NoPasswords implements PasswordScheme {
        @Override
        public String hash(String password) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean verify(String password, String storedHash) {
            return false;
        }
    }
}
