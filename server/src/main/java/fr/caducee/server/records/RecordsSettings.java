package fr.caducee.server.records;

import fr.caducee.domain.identifier.InvalidIdentifierException;
import fr.caducee.domain.identifier.StructureId;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.PatientAddress;
import fr.caducee.server.settings.Setting;
import fr.caducee.server.settings.Settings;

/**
 * The shared record's settings, checked at start: a wrong value stops it with the key named.
 *
 * @param box the record's box address, lower case
 * @param structure the structure its APP box belongs to
 * @param product the software as the receipts' Reporting-UA names it
 */
public record RecordsSettings(String box, StructureId structure, String product) {
    public static final String DEFAULT_LOCAL_PART = "dmp";

    public static RecordsSettings from(Settings settings) {
        String box = settings.optional(Setting.RECORDS_BOX).filter(value -> !value.isBlank())
            .orElse(DEFAULT_LOCAL_PART + "@" + settings.text(Setting.DEFAULT_DOMAIN));
        BoxAddress address;
        try {
            address = BoxAddress.parse(box);
        } catch (InvalidIdentifierException e) {
            throw settings.invalid(Setting.RECORDS_BOX, "is not a box address: " + e.getMessage());
        }
        if (PatientAddress.of(address).isPresent()) {
            throw settings.invalid(Setting.RECORDS_BOX, "is a patient's address; the record's box is an APP box");
        }
        StructureId structure;
        try {
            structure = StructureId.parse(settings.text(Setting.RECORDS_STRUCTURE));
        } catch (InvalidIdentifierException e) {
            throw settings.invalid(Setting.RECORDS_STRUCTURE, e.getMessage());
        }
        return new RecordsSettings(address.address(), structure, settings.text(Setting.SOFTWARE_REFERENCE));
    }

    public String domain() {
        return box.substring(box.indexOf('@') + 1);
    }
}
