package com.mangahub.sync.notify.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mangahub.sync.notify.NotifyStack;
import com.mangahub.sync.support.PostgresExtension;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class CoapPushTest {
    private NotifyStack stack;
    private CoapEndpoint endpoint;
    private final UUID manga = UUID.randomUUID();
    private long mangaId;

    @BeforeEach
    void start() {
        stack = new NotifyStack().startBackground();
        mangaId = stack.insertManga(manga, "Witch Hat Atelier");
        endpoint = TestObserver.endpoint(TestObserver.clientConfig());
    }

    @AfterEach
    void stop() {
        endpoint.destroy();
        stack.close();
    }

    private void newChapter(int number) {
        var response = stack.send("POST", "/notify/new-chapter", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                + "\",\"title\":\"Witch Hat Atelier\",\"chapter\":\"" + number + "\",\"old_chapter\":\"" + (number - 1) + "\"}");
        assertThat(response.statusCode()).isEqualTo(202);
    }

    private long followingUser(String name) {
        var user = stack.user(name);
        stack.follow(user.account().id(), mangaId);
        return user.account().id();
    }

    private List<Long> idsOf(long userId) {
        return stack.notifications.after(userId, 0, 1000).stream().map(r -> r.id()).toList();
    }

    @Test
    void anObserverIsPushedANewChapterAndItsAcknowledgementMarksItDelivered() {
        var user = stack.user("reader");
        stack.follow(user.account().id(), mangaId);
        TestObserver observer = new TestObserver(endpoint, stack.coapUri(user.token(), 0L)).observe();
        await().until(() -> !observer.codes.isEmpty());

        newChapter(10);

        await().atMost(Duration.ofSeconds(5)).until(() -> observer.ids.size() == 1);
        assertThat(observer.types).containsExactly("NEW_CHAPTER");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                stack.count("select count(*) from notifications where delivered_at is not null") == 1);
    }

    @Test
    void aBroadcastIsPushedAmongTheFollowersNotificationsInIdOrderAndAcknowledgedForThatReaderAlone() {
        var user = stack.user("reader");
        stack.follow(user.account().id(), mangaId);
        stack.user("offline");
        TestObserver observer = new TestObserver(endpoint, stack.coapUri(user.token(), 0L)).observe();
        await().until(() -> !observer.codes.isEmpty());

        newChapter(10);
        await().atMost(Duration.ofSeconds(5)).until(() -> observer.ids.size() == 1);
        assertThat(stack.send("POST", "/notify/new-manga", NotifyStack.ADMIN, "{\"manga_id\":\"" + manga
                + "\",\"title\":\"Witch Hat Atelier\"}").statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5)).until(() -> observer.ids.size() == 2);
        newChapter(11);
        await().atMost(Duration.ofSeconds(5)).until(() -> observer.ids.size() == 3);

        assertThat(observer.types).containsExactly("NEW_CHAPTER", "NEW_MANGA", "NEW_CHAPTER");
        assertThat(observer.ids).containsExactlyElementsOf(idsOf(user.account().id()));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                stack.count("select count(*) from broadcast_receipts where delivered_at is not null") == 1);
        assertThat(stack.count("select user_id from broadcast_receipts")).isEqualTo(user.account().id());
    }

    @Test
    void theRegistrationAndEveryNotificationStayFreshForTenMinutesSoIdleObserversDoNotReRegisterEveryMinute() {
        TestObserver idle = new TestObserver(endpoint, stack.coapUri(stack.user("idle").token(), 0L)).observe();
        var user = stack.user("listener");
        stack.follow(user.account().id(), mangaId);
        TestObserver listener = new TestObserver(endpoint, stack.coapUri(user.token(), 0L)).observe();
        await().until(() -> !idle.codes.isEmpty() && !listener.codes.isEmpty());

        newChapter(3);

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.ids.size() == 1);
        // CoAP's default of 60 s would have each of 100,000 idle clients re-register once a minute
        assertThat(listener.maxAges).hasSize(2).containsOnly(NotificationsResource.FRESH_FOR_SECONDS);
        assertThat(idle.maxAges).containsExactly(NotificationsResource.FRESH_FOR_SECONDS);
    }

    @Test
    void anOfflineUserReconnectingGetsExactlyWhatTheyMissedInOrderAndNothingTwice() {
        var user = stack.user("commuter");
        long userId = user.account().id();
        stack.follow(userId, mangaId);
        TestObserver online = new TestObserver(endpoint, stack.coapUri(user.token(), 0L)).observe();
        newChapter(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> online.ids.size() == 1);
        long lastSeen = online.ids.getFirst();
        online.goOffline();

        // 25 chapters while offline: more than one datagram's worth, so catch-up spans several notifications
        for (int n = 2; n <= 26; n++) newChapter(n);
        await().atMost(Duration.ofSeconds(10)).until(() -> idsOf(userId).size() == 26);

        TestObserver back = new TestObserver(endpoint, stack.coapUri(user.token(), lastSeen)).observe();
        List<Long> missed = idsOf(userId).subList(1, 26);
        await().atMost(Duration.ofSeconds(10)).until(() -> back.ids.size() >= 25);
        assertThat(back.idsSnapshot()).containsExactlyElementsOf(missed);

        newChapter(27);
        await().atMost(Duration.ofSeconds(5)).until(() -> back.ids.size() == 26);
        assertThat(back.idsSnapshot()).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void withoutACursorAReconnectingClientGetsItsUndeliveredNotifications() {
        var user = stack.user("forgetful");
        long userId = user.account().id();
        stack.follow(userId, mangaId);
        for (int n = 1; n <= 3; n++) newChapter(n);
        await().atMost(Duration.ofSeconds(10)).until(() -> idsOf(userId).size() == 3);

        TestObserver observer = new TestObserver(endpoint, stack.coapUri(user.token(), null)).observe();

        await().atMost(Duration.ofSeconds(5)).until(() -> observer.ids.size() == 3);
        assertThat(observer.idsSnapshot()).containsExactlyElementsOf(idsOf(userId));
        await().atMost(Duration.ofSeconds(5)).until(() -> stack.count(
                "select count(*) from notifications where user_id = ? and delivered_at is null", userId) == 0);
    }

    @Test
    void oneUsersTokenNeverReceivesAnotherUsersNotifications() throws Exception {
        long alice = followingUser("alice");
        var bob = stack.user("bob");
        TestObserver bobObserver = new TestObserver(endpoint, stack.coapUri(bob.token(), 0L)).observe();
        await().until(() -> !bobObserver.codes.isEmpty());

        newChapter(5);
        await().atMost(Duration.ofSeconds(5)).until(() -> idsOf(alice).size() == 1);
        // a plain GET from bob, asking from the very beginning, sees none of alice's rows either
        var page = new CoapClient(stack.coapUri(bob.token(), 0L));
        page.setEndpoint(endpoint);
        try {
            assertThat(page.get().getResponseText()).isEqualTo("[]");
        } finally {
            page.shutdown();
        }
        assertThat(bobObserver.ids).isEmpty();
    }

    @Test
    void aRequestWithoutAValidTokenIsA401WithNoPayload() throws Exception {
        var client = new CoapClient(stack.coapUri("mh_not-a-real-token", 0L));
        client.setEndpoint(endpoint);
        try {
            var response = client.get();
            assertThat(response.getCode().toString()).isEqualTo("4.01");
            assertThat(response.getPayload()).isEmpty();
        } finally {
            client.shutdown();
        }
        assertThat(stack.coap.observers()).isZero();
    }
}
