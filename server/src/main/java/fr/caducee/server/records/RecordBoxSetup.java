package fr.caducee.server.records;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import org.apache.james.utils.DataProbeImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.caducee.domain.directory.store.DirectoryStore;
import fr.caducee.domain.model.Box;
import fr.caducee.domain.model.BoxAddress;
import fr.caducee.domain.model.BoxStatus;
import fr.caducee.domain.model.BoxType;
import fr.caducee.domain.model.Structure;
import fr.caducee.server.directory.DirectoryProbe;
import fr.caducee.server.settings.Setting;

/**
 * The record's box exists from the first start, demo or not (the service is part of the product): an APP box of the
 * structure {@code caducee.records.structure}, in the directory, so that the SMTP rules accept it as a recipient from
 * professionals here and from other operators. Nobody logs in as it: it has no password.
 */
public final class RecordBoxSetup {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecordBoxSetup.class);

    private RecordBoxSetup() {
    }

    public static void ensure(RecordsSettings settings, DirectoryProbe directory, DataProbeImpl data) throws Exception {
        if (!data.containsDomain(settings.domain())) {
            data.addDomain(settings.domain());
        }
        DirectoryStore store = directory.store();
        BoxAddress address = BoxAddress.parse(settings.box());
        Optional<Box> existing = store.box(address);
        if (existing.isPresent()) {
            if (existing.get().type() != BoxType.APP) {
                throw new IllegalStateException(Setting.RECORDS_BOX + " names " + address + ", a "
                    + existing.get().type() + " box: the record's box must be an APP box of its own; choose another "
                    + "address");
            }
            return;
        }
        if (store.structure(settings.structure()).isEmpty()) {
            store.putStructure(new Structure(settings.structure(), "Dossier partagé " + settings.domain(), "", "", ""));
        }
        store.putBox(new Box(address, BoxType.APP, Optional.empty(), Optional.of(settings.structure()), Optional.empty(),
            Set.of(), false, BoxStatus.ACTIVE, Clock.systemUTC().instant(), "", ""));
        directory.directory().forget(address);
        LOGGER.info("The shared record's box {} was created (APP box of structure {})", address,
            settings.structure().nationalId());
    }
}
