package fr.caducee.server.storage;

import javax.inject.Inject;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryFactory;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.file.FileMailRepository;
import org.apache.james.mailrepository.memory.MailRepositoryStoreConfiguration;

import com.google.common.collect.ImmutableList;
import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

/**
 * Mail repositories (error, relay-denied, quarantine...) as files under {@code var/mail}: a refused or failed mail
 * is kept where an operator can read it with ordinary tools, independent of the database.
 */
public class FileMailRepositoryModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(MailRepositoryStoreConfiguration.Item.class)
            .toProvider(() -> new MailRepositoryStoreConfiguration.Item(
                ImmutableList.of(new Protocol("file")),
                FileMailRepository.class.getName(),
                new BaseHierarchicalConfiguration()));
        Multibinder.newSetBinder(binder(), MailRepositoryFactory.class)
            .addBinding().to(Factory.class);
    }

    /** The repository store configures and initialises what this creates. */
    static class Factory implements MailRepositoryFactory {
        private final FileSystem fileSystem;

        @Inject
        Factory(FileSystem fileSystem) {
            this.fileSystem = fileSystem;
        }

        @Override
        public Class<? extends MailRepository> mailRepositoryClass() {
            return FileMailRepository.class;
        }

        @Override
        public MailRepository create(MailRepositoryUrl url) {
            FileMailRepository repository = new FileMailRepository();
            repository.setFileSystem(fileSystem);
            return repository;
        }
    }
}
