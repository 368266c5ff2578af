package fr.caducee.server.webmail;

import static org.mockito.AdditionalAnswers.delegatesTo;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.mailet.MailetContext;

import fr.caducee.audit.AuditRecord;
import fr.caducee.domain.directory.CachedDirectory;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.directory.PasswordScheme;
import fr.caducee.domain.directory.store.InMemoryDirectoryStore;
import fr.caducee.domain.documents.AnsSamples;
import fr.caducee.domain.identifier.Finess;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.Luhn;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.domain.model.Professional;
import fr.caducee.domain.model.Structure;
import fr.caducee.records.DepositOutcome;
import fr.caducee.records.access.AccessRules;
import fr.caducee.records.access.AuthorisationMatrix;
import fr.caducee.records.deposit.ArchiveDepositCheck;
import fr.caducee.server.records.Handling;
import fr.caducee.server.records.JdbcRecordStore;
import fr.caducee.server.records.RecordsSettings;
import fr.caducee.server.records.api.AccessTrace;
import fr.caducee.server.records.api.FirstAccessNotice;
import fr.caducee.server.records.api.RecordTables;
import fr.caducee.server.storage.spool.PostgresMailQueue;
import fr.caducee.server.storage.spool.PostgresMailQueueFactory;
import fr.caducee.webmail.port.Viewer;

/**
 * The shared record as the record's tests build it: ANS's samples deposited through the deposit checks and the
 * store on a real PostgreSQL, by a hospital's imaging software, for ANS's test patient; her parent, recorded in the
 * directory as her legal representative; and the record's API parts (tables, rules, trace) the webmail's view uses.
 */
final class RecordFixture {
    static final String OPERATOR = "caducee.test";
    static final String RECORD_BOX = "dmp@" + OPERATOR;
    static final StructureId HOSPITAL = Finess.parse(Luhn.withCheckDigit("75000001"));
    /** The hospital's imaging software, which deposits the samples. */
    static final String RIS_BOX = "ris@chu-exemple." + OPERATOR;
    /** The radiologist's own box. */
    static final String RADIOLOGIST_BOX = "eric.thomas@chu-exemple." + OPERATOR;
    /** A registered doctor who wrote none of the samples. */
    static final IdNat DOCTOR = IdNat.parse("810000005479");
    static final String DOCTOR_BOX = "dr.medioni@" + OPERATOR;
    /** ANS's test patient, the samples' patient. */
    static final Ins PATIENT = Ins.parse(AnsSamples.PATIENT_INS);
    /** Her parent, whom the directory records as her legal representative. */
    static final Ins PARENT = Ins.parse("269029912345614");
    /** Another patient, related to nobody. */
    static final Ins STRANGER = Ins.parse("285017512345656");
    private static final Instant CREATED = Instant.parse("2026-01-05T09:00:00Z");

    final InMemoryDirectoryStore store = new InMemoryDirectoryStore();
    final Directory directory;
    final List<AuditRecord> audit = new java.util.concurrent.CopyOnWriteArrayList<>();
    final RecordTables tables;
    final AccessRules rules = new AccessRules(AuthorisationMatrix.of(Map.of("10", Set.of("*"))), Set.of());
    final AccessTrace trace;
    private final JdbcRecordStore records;
    private final PostgresMailQueueFactory queues;
    private final PostgresMailQueue spool;

    RecordFixture(DataSource dataSource) {
        store.putStructure(new Structure(HOSPITAL, "CHU Exemple", "", "", ""));
        store.putBox(new Box(BoxAddress.parse(RIS_BOX), BoxType.APP, Optional.empty(), Optional.of(HOSPITAL),
            Optional.empty(), Set.of(), false, BoxStatus.ACTIVE, CREATED, "", ""));
        professional(AnsSamples.IMAGING_AUTHOR_REGISTRABLE, "THOMAS", "Eric", "Radio-diagnostic");
        professional(AnsSamples.BIO_AUTHOR_REGISTRABLE, "CAMPARINI", "Marcel", "");
        professional(AnsSamples.DRIMM_AUTHOR, "BIDEAULT", "Jacques", "");
        professional(DOCTOR.value(), "MEDIONI", "Claire", "");
        store.putBox(new Box(BoxAddress.parse(RADIOLOGIST_BOX), BoxType.PER,
            Optional.of(IdNat.parse(AnsSamples.IMAGING_AUTHOR_REGISTRABLE)), Optional.of(HOSPITAL), Optional.empty(),
            Set.of(), false, BoxStatus.ACTIVE, CREATED, "", ""));
        patient(PATIENT, AnsSamples.PATIENT_FAMILY_NAME, "Dominique", LocalDate.parse(AnsSamples.PATIENT_BIRTH_DATE));
        patient(PARENT, "PAT-TROIS", "Claude", LocalDate.parse("1952-02-14"));
        patient(STRANGER, "MARTIN", "Alix", LocalDate.parse("1985-01-20"));
        Directory cached = new CachedDirectory(store, domain -> true, new NoPasswords(),
            new CachedDirectory.CacheSettings(Duration.ofMillis(2), 1_000));
        directory = mock(Directory.class, delegatesTo(cached));
        doReturn(List.of(patient(PATIENT))).when(directory).representedBy(PARENT);
        tables = new RecordTables(dataSource);
        trace = new AccessTrace(tables, audit::add, new FirstAccessNotice(directory, mock(MailetContext.class),
            new RecordsSettings(RECORD_BOX, HOSPITAL, "Caducee/0.1")));
        records = new JdbcRecordStore(dataSource);
        queues = new PostgresMailQueueFactory(dataSource, new RawMailQueueItemDecoratorFactory());
        spool = queues.createQueue(MailQueueFactory.SPOOL);
    }

    SharedRecordView view() {
        return new SharedRecordView(tables, trace, rules, directory, audit::add);
    }

    Patient patient(Ins ins) {
        return store.patient(ins).orElseThrow();
    }

    Viewer self() {
        return Viewer.self(patient(PATIENT));
    }

    Viewer parent() {
        return new Viewer(patient(PARENT), patient(PATIENT));
    }

    /** Deposits these CDAs, one message, from the imaging software; the stored version's id of each, in order. */
    List<String> deposit(byte[]... cdas) throws Exception {
        String messageId = "<" + UUID.randomUUID() + "@chu-exemple>";
        DepositOutcome outcome = new ArchiveDepositCheck(directory, records)
            .check(new ByteArrayInputStream(AnsSamples.xdm(cdas)), RIS_BOX, messageId);
        if (!(outcome instanceof DepositOutcome.Accepted)) {
            throw new IllegalStateException("deposit refused: " + outcome);
        }
        Handling handling = records.handle(messageId, RECORD_BOX, RIS_BOX, outcome, done -> List.of(), spool);
        if (!(handling instanceof Handling.Integrated)) {
            throw new IllegalStateException("deposit not integrated: " + handling);
        }
        List<String> ids = new java.util.ArrayList<>();
        for (byte[] cda : cdas) {
            String uniqueId = fr.caducee.domain.documents.CdaReader.read(cda, "DOC.XML").uniqueId();
            ids.add(records.byUniqueId(uniqueId).orElseThrow().id().toString());
        }
        return ids;
    }

    void close() {
        queues.stop();
    }

    private void professional(String idNat, String lastName, String firstName, String specialty) {
        store.putProfessional(new Professional(IdNat.parse(idNat), "DR", lastName, firstName, "10", "Médecin", "",
            specialty));
    }

    private void patient(Ins ins, String lastName, String firstName, LocalDate birthDate) {
        store.putPatient(new Patient(ins, lastName, firstName, Optional.of(birthDate), PatientAddress.of(ins, OPERATOR),
            BoxStatus.ACTIVE, CREATED, List.of()));
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
