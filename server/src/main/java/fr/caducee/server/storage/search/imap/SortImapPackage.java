package fr.caducee.server.storage.search.imap;

import javax.inject.Inject;

import org.apache.james.modules.protocols.ImapPackage;
import org.apache.james.utils.ClassName;

import com.google.common.collect.ImmutableList;

/**
 * IMAP SORT (RFC 5256, with RFC 5957's DISPLAYFROM/DISPLAYTO) and THREAD (RFC 5256: ORDEREDSUBJECT, REFERENCES),
 * which James 3.8.1 does not have: listed after
 * James's {@code DefaultImapPackage} in imapserver.xml's {@code imapPackages}.
 */
public class SortImapPackage extends ImapPackage.Impl {
    @Inject
    public SortImapPackage() {
        super(ImmutableList.of(new ClassName(SortProcessor.class.getName()),
                new ClassName(ThreadProcessor.class.getName())),
            ImmutableList.of(new ClassName(SortCommandParser.class.getName()),
                new ClassName(ThreadCommandParser.class.getName())),
            ImmutableList.of(new ClassName(SortResponseEncoder.class.getName()),
                new ClassName(ThreadResponseEncoder.class.getName())));
    }
}
