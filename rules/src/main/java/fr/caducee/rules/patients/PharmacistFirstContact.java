package fr.caducee.rules.patients;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

import javax.inject.Inject;

import fr.caducee.domain.directory.Directory;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Patient;
import fr.caducee.domain.model.Professional;

/**
 * The one case where a patient may write first: to a pharmacist's box (profession 21, a PER or CAB box) attached to a
 * pharmacy where the patient had a dispensing (délivrance) in the last twelve months, e.g. to send a prescription.
 */
public class PharmacistFirstContact {
    /** Dispensing dates are French calendar dates. */
    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");
    static final int MONTHS = 12;

    private final Directory directory;
    private final Clock clock;

    @Inject
    public PharmacistFirstContact(Directory directory) {
        this(directory, Clock.systemUTC());
    }

    PharmacistFirstContact(Directory directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    /** True when this patient may write to this box without a conversation. */
    public boolean allows(Patient patient, BoxAddress recipient) {
        Optional<Box> box = directory.findBox(recipient).filter(Box::isActive)
            .filter(found -> found.type() == BoxType.PER || found.type() == BoxType.CAB);
        if (box.isEmpty() || box.get().structure().isEmpty() || box.get().professional().isEmpty()) {
            return false;
        }
        boolean pharmacist = directory.professional(box.get().professional().get())
            .map(Professional::isPharmacist).orElse(false);
        LocalDate since = LocalDate.now(clock.withZone(FRANCE)).minusMonths(MONTHS);
        return pharmacist && patient.dispensings().stream()
            .anyMatch(dispensing -> dispensing.pharmacy().equals(box.get().structure().get())
                && !dispensing.date().isBefore(since));
    }
}
