package fr.caducee.server.storage;

import javax.inject.Singleton;
import javax.sql.DataSource;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;

import fr.caducee.rules.patients.ConversationStore;

/**
 * Patients' conversations live in the same database as the mailboxes, through the same connection pool: a
 * conversation is as durable as the messages it is made of, and one database to back up stays one.
 */
public class ConversationStoreModule extends AbstractModule {

    @Provides
    @Singleton
    ConversationStore conversationStore(DataSource dataSource) {
        return JdbcConversationStore.open(dataSource);
    }
}
