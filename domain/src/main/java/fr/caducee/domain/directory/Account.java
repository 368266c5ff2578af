package fr.caducee.domain.directory;

import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.Patient;

/** What a login names: a professional box or a patient's box. */
public sealed interface Account {

    BoxAddress address();

    boolean active();

    /** A professional box: PER, ORG, APP or CAB. */
    record ProfessionalBox(Box box) implements Account {
        @Override
        public BoxAddress address() {
            return box.address();
        }

        @Override
        public boolean active() {
            return box.isActive();
        }
    }

    /** A patient's box, {@code <INS>@patient.<domain>}. */
    record PatientBox(Patient patient) implements Account {
        @Override
        public BoxAddress address() {
            return patient.boxAddress();
        }

        @Override
        public boolean active() {
            return patient.isActive();
        }
    }
}
