package com.mangahub.sync;

import com.mangahub.sync.mangadex.CoverImages;
import com.mangahub.sync.notify.NotificationRoutes;
import com.mangahub.sync.notify.TriggerRoutes;
import com.mangahub.sync.notify.channel.ChannelRoutes;
import com.mangahub.sync.notify.channel.ChannelTester;
import com.mangahub.sync.notify.channel.ChoiceRoutes;
import com.mangahub.sync.notify.feed.FeedRoutes;
import com.mangahub.sync.reader.AccountRoutes;
import com.mangahub.sync.reader.AppTokenRoutes;
import com.mangahub.sync.reader.InvitationRoutes;
import com.mangahub.sync.reader.Invitations;
import com.mangahub.sync.reader.SessionRoutes;
import com.mangahub.sync.reader.oidc.OidcRoutes;
import com.mangahub.sync.reader.ControlRoutes;
import com.mangahub.sync.reader.FeedTokens;
import com.mangahub.sync.reader.ImportRoutes;
import com.mangahub.sync.reader.Library;
import com.mangahub.sync.reader.LibraryImport;
import com.mangahub.sync.reader.ReaderControls;
import com.mangahub.sync.reader.ReaderWrites;
import com.mangahub.sync.reader.SourceRoutes;
import com.mangahub.sync.reader.SourceSyncs;
import com.mangahub.sync.reader.SyncKeys;
import com.mangahub.sync.reader.SyncYomiRoutes;
import com.mangahub.sync.reader.Upcoming;
import com.mangahub.sync.reader.UpcomingRoutes;
import com.mangahub.sync.reader.UserRoutes;
import com.mangahub.sync.store.CatalogueQueries;
import com.mangahub.sync.store.ChannelChoiceStore;
import com.mangahub.sync.store.ChannelStore;
import com.mangahub.sync.store.DeliveryStore;
import com.mangahub.sync.store.FeedTokenStore;
import com.mangahub.sync.store.InvitationStore;
import com.mangahub.sync.store.OidcStore;
import com.mangahub.sync.store.ReaderControlsStore;
import com.mangahub.sync.store.ReleaseHistoryStore;
import com.mangahub.sync.store.SyncContentStore;
import com.mangahub.sync.store.VocabularyQueries;
import com.mangahub.sync.web.AdminGate;
import com.mangahub.sync.web.AdminStatusRoutes;
import com.mangahub.sync.web.Routes;
import com.mangahub.sync.workflow.CoverRoutes;
import com.mangahub.sync.workflow.VocabularyRoutes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The api role's routes beyond the sync side's: triggers, readers (accounts, libraries, controls, imports), the
 * notification log and feeds, channels, the operator's status page and the cover proxy. With a local notify role,
 * triggers and channel changes wake its dispatcher and deliveries at once; any other instance's wake through the
 * database.
 */
final class ApiRole {
    private final List<Routes> routes = new ArrayList<>();

    ApiRole(Foundation foundation, SyncRole sync, Readers readers, Channels channels, Optional<NotifyRole> notify) {
        var database = foundation.database();
        var clock = foundation.clock();
        var json = foundation.json();
        var auth = readers.auth();
        Runnable wakeDispatcher = notify.<Runnable>map(n -> n::wakeDispatcher).orElse(() -> { });
        Runnable wakeDeliveries = notify.<Runnable>map(n -> n::wakeDeliveries).orElse(() -> { });
        // its after-handler sees every request, so it marks a reader's writes through any route
        routes.add(new ReaderWrites(readers.writes()));
        routes.add(new TriggerRoutes(auth, readers.libraries(), readers.outbox(), json, clock, wakeDispatcher));
        ReaderControls controls = new ReaderControls(new ReaderControlsStore(database), clock);
        Library library = new Library(readers.libraries(), sync::startTracking, clock);
        routes.add(new UserRoutes(auth, readers.accounts(), library, controls));
        routes.add(new AccountRoutes(auth, readers.accounts()));
        OidcRoutes oidc = new OidcRoutes(foundation.config().signIn().oidc(), new OidcStore(database),
                readers.sessions(), auth.cookie(), clock);
        routes.add(oidc);
        routes.add(new SessionRoutes(auth, readers.accounts(), readers.sessions(), oidc.providerName()));
        routes.add(new AppTokenRoutes(auth, readers.appTokens()));
        routes.add(new InvitationRoutes(auth, new Invitations(new InvitationStore(database), clock), readers.sessions(),
                foundation.config().signIn().invitationValidity(), foundation.config().channels().publicUrl()));
        routes.add(new ControlRoutes(auth, readers.libraries(), controls));
        routes.add(new ImportRoutes(auth, readers.libraries(),
                new LibraryImport(readers.libraries(), sync.seriesSource(), json, clock), clock));
        // library sources and the SyncYomi endpoint: what a source adds takes the library import's path, so it is live
        // at once; syncs run on the sync side, which every api process builds
        SyncContentStore contents = new SyncContentStore(database);
        SyncKeys keys = new SyncKeys(auth, contents, clock);
        SourceSyncs syncs = id -> sync.sourceSync().syncNow(id);
        routes.add(new SourceRoutes(auth, sync.sourceStore(), syncs, clock));
        routes.add(keys);
        routes.add(new SyncYomiRoutes(keys, contents,
                new LibraryImport(readers.libraries(), sync.seriesSource(), json, clock), clock));
        routes.add(new NotificationRoutes(auth, readers.log(), readers.wire()));
        Upcoming upcoming = new Upcoming(new ReleaseHistoryStore(database), clock);
        routes.add(new UpcomingRoutes(auth, upcoming));
        routes.add(new FeedRoutes(auth, new FeedTokens(new FeedTokenStore(database), clock), readers.log(), json,
                upcoming));
        ChannelStore channelStore = new ChannelStore(database);
        routes.add(new ChannelRoutes(auth, channelStore, new DeliveryStore(database), channels.targetGuard(),
                new ChannelTester(channels.sender(), channelStore, json, clock), json, clock, wakeDeliveries));
        routes.add(new ChoiceRoutes(auth, new ChannelChoiceStore(database), channelStore, readers.libraries(), json));
        routes.add(new AdminStatusRoutes(new AdminGate(foundation.adminToken()),
                new AdminStatus(foundation, sync.mangaDex(), readers.notifyMetrics(), notify).sections()));
        routes.add(new VocabularyRoutes(new VocabularyQueries(database)));
        routes.add(new CoverRoutes(new CatalogueQueries(database),
                foundation.track(new CoverImages(foundation.config().mangadex(), foundation.mangaDexHttp())),
                foundation.config().storage().dataDir().resolve("covers")));
    }

    List<Routes> routes() {
        return routes;
    }
}
