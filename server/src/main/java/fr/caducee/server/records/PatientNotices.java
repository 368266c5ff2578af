package fr.caducee.server.records;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.documents.ConfidentialityCodes;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.Ins;
import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.Professional;
import fr.caducee.records.DocumentAction;
import fr.caducee.records.DocumentDeposit;
import fr.caducee.records.notice.NewDocumentNotice;

/**
 * The notices a patient receives for a deposit: one per new document in their record (a new document or a
 * replacement's new version), never for a document marked {@code INVISIBLE_PATIENT} or {@code INVISIBLE_REP_LEGAUX},
 * a deletion, or a document that was already there. Addressed to the patient's box as the directory knows it; a
 * patient without one is not told by mail.
 *
 * <p>A child's legal representatives read the child's box in the webmail: a notice there would tell them the title
 * and author of a document hidden from them. The patient finds such a document in their record.
 */
public class PatientNotices {
    /** A notice ready to spool. */
    public record Notice(String patientBox, MimeMessage message) {
    }

    private final Directory directory;
    private final NewDocumentNotice notice;

    @Inject
    public PatientNotices(Directory directory, RecordsSettings settings) {
        this(directory, new NewDocumentNotice(settings.box()));
    }

    PatientNotices(Directory directory, NewDocumentNotice notice) {
        this.directory = directory;
        this.notice = notice;
    }

    public List<Notice> noticesFor(Handling.Integrated deposit, Instant added) throws MessagingException {
        List<Notice> notices = new ArrayList<>();
        for (Handling.Document document : deposit.documents()) {
            DocumentDeposit deposited = document.deposit();
            if (document.alreadyThere() || deposited.action() == DocumentAction.DELETE
                    || deposited.confidentialityCodes().contains(ConfidentialityCodes.INVISIBLE_PATIENT)
                    || deposited.confidentialityCodes().contains(ConfidentialityCodes.INVISIBLE_REP_LEGAUX)) {
                continue;
            }
            Optional<Patient> patient = patient(deposited.patientIns());
            if (patient.isEmpty() || !patient.get().isActive()) {
                continue;
            }
            String box = patient.get().boxAddress().address();
            notices.add(new Notice(box, notice.write(box, deposited.title(), author(deposited), added)));
        }
        return notices;
    }

    private Optional<Patient> patient(String ins) {
        try {
            return directory.patient(Ins.parse(ins));
        } catch (InvalidIdentifierException e) {
            return Optional.empty();
        }
    }

    /** The author as the directory names them ({@code Dr Claire Martin, Médecin}), else their national id. */
    String author(DocumentDeposit document) {
        String idNat = document.authorIdNat() == null ? "" : document.authorIdNat();
        Optional<Professional> professional;
        try {
            professional = directory.professional(IdNat.parse(idNat));
        } catch (InvalidIdentifierException e) {
            professional = Optional.empty();
        }
        return professional.map(PatientNotices::shown).orElse("le professionnel " + idNat);
    }

    static String shown(Professional professional) {
        String title = switch (professional.title()) {
            case "DR" -> "Dr";
            case "PR" -> "Pr";
            default -> "";
        };
        String name = Stream.of(title, professional.firstName(), professional.lastName())
            .filter(part -> part != null && !part.isBlank()).collect(Collectors.joining(" "));
        return professional.professionLabel() == null || professional.professionLabel().isBlank()
            ? name : name + ", " + professional.professionLabel();
    }
}
