package fr.caducee.server.records;

import javax.inject.Singleton;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;

import fr.caducee.domain.directory.Directory;
import fr.caducee.records.DepositChecks;
import fr.caducee.records.RecordLookup;
import fr.caducee.records.deposit.ArchiveDepositCheck;
import fr.caducee.rules.recipients.RecordBox;

/**
 * The shared record's service: its box (for the SMTP rules and the mailet container's {@link IsRecordBox}), its store
 * on the server's database, the deposit checks, and the notices to patients. {@link RecordDeposit} and
 * {@link IsRecordBox} are built by James's mailet loader from this injector.
 */
public class RecordsModule extends AbstractModule {
    private final RecordsSettings settings;

    public RecordsModule(RecordsSettings settings) {
        this.settings = settings;
    }

    @Override
    protected void configure() {
        bind(RecordsSettings.class).toInstance(settings);
        bind(RecordBox.class).toInstance(RecordBox.of(settings.box()));
        bind(JdbcRecordStore.class).in(Scopes.SINGLETON);
        bind(RecordLookup.class).to(JdbcRecordStore.class);
        bind(PatientNotices.class).in(Scopes.SINGLETON);
    }

    /** ANS's integration checks (900-906) against the directory and the versions already in the record. */
    @Provides
    @Singleton
    DepositChecks depositChecks(Directory directory, RecordLookup lookup) {
        return new ArchiveDepositCheck(directory, lookup);
    }
}
