package fr.caducee.server.records.api;

import java.util.Optional;

import javax.inject.Inject;

import fr.caducee.domain.directory.Account;
import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.identifier.IdNat;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.Professional;
import fr.caducee.records.access.Reader;
import fr.caducee.server.api.ApiRefusal;
import fr.caducee.server.api.Caller;
import fr.caducee.rules.Rule;

/**
 * Who an authenticated box reads the record as: the professional holding a PER or CAB box (their profession from the
 * directory), the patient of a patient's box, or the software of an APP box acting for its structure. An ORG box is
 * shared by a team: reading a record is traced to a person, so it is refused.
 */
public class RecordReaders {
    private final Directory directory;

    @Inject
    public RecordReaders(Directory directory) {
        this.directory = directory;
    }

    Reader readerOf(Caller caller) throws ApiRefusal {
        if (caller.account() instanceof Account.PatientBox patientBox) {
            return new Reader.Patient(patientBox.patient().ins().matricule(), caller.login());
        }
        Box box = ((Account.ProfessionalBox) caller.account()).box();
        Optional<String> structure = box.structure().map(StructureId::number);
        return switch (box.type()) {
            case PER, CAB -> {
                IdNat idNat = box.professional().orElseThrow();
                String profession = directory.professional(idNat).map(Professional::professionCode).orElse("");
                yield new Reader.Professional(idNat.value(), profession, caller.login(), structure);
            }
            case APP -> new Reader.Software(caller.login(), structure);
            case ORG -> throw ApiRefusal.of(Rule.RECORD_READER_NOT_NOMINATIVE, "A record is read in a "
                + "professional's own name: log in with your nominative (PER) box, not the team's box " + caller.login());
        };
    }
}
