package fr.caducee.directory;

import fr.caducee.directory.box.BoxAddress;
import fr.caducee.directory.model.Box;
import fr.caducee.directory.model.Patient;

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
