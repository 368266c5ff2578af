package fr.caducee.server.records.api;

import java.nio.file.Path;

import javax.inject.Singleton;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;

import fr.caducee.records.access.AccessRules;
import fr.caducee.server.api.ApiResource;
import fr.caducee.server.settings.Settings;

/** The shared record on the HTTPS API: IHE MHD search and retrieve, the access log, the patient's settings. */
public class RecordsApiModule extends AbstractModule {
    private final Path configDir;

    public RecordsApiModule(Path configDir) {
        this.configDir = configDir;
    }

    @Override
    protected void configure() {
        Multibinder<ApiResource> resources = Multibinder.newSetBinder(binder(), ApiResource.class);
        resources.addBinding().to(DocumentReferenceResource.class);
        resources.addBinding().to(BinaryResource.class);
        resources.addBinding().to(AccessLogResource.class);
        resources.addBinding().to(PatientSettingsResource.class);
    }

    @Provides
    @Singleton
    AccessRules accessRules(Settings settings) {
        return RecordRules.load(settings, configDir);
    }
}
