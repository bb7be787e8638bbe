package io.webops.nodes.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which URLs a github credential's token may go to: its API base's scheme, host and port, under its path. */
class GitHubAuthTest {

    @Test
    void theDefaultApiTakesItsOwnUrlsInAnySpellingOfTheSameOrigin() {
        assertThat(GitHubAuth.within(GitHubAuth.DEFAULT_API, "https://api.github.com/repos/acme/site")).isTrue();
        assertThat(GitHubAuth.within(GitHubAuth.DEFAULT_API, "https://API.GitHub.com:443/user")).isTrue();
        assertThat(GitHubAuth.within(GitHubAuth.DEFAULT_API, "https://api.github.com")).isTrue();
    }

    @Test
    void otherOriginsAreRefused() {
        assertThat(GitHubAuth.within(GitHubAuth.DEFAULT_API, "http://api.github.com/user")).as("plain http").isFalse();
        assertThat(GitHubAuth.within(GitHubAuth.DEFAULT_API, "https://api.github.com:8443/user")).as("another port").isFalse();
        assertThat(GitHubAuth.within(GitHubAuth.DEFAULT_API, "https://api.github.com.evil.example/user")).isFalse();
        assertThat(GitHubAuth.within(GitHubAuth.DEFAULT_API, "https://github.com/acme/site")).isFalse();
        assertThat(GitHubAuth.within(GitHubAuth.DEFAULT_API, "https://evil@api.github.com/user")).as("user info").isFalse();
        assertThat(GitHubAuth.within(GitHubAuth.DEFAULT_API, "not a url")).isFalse();
    }

    @Test
    void anEnterpriseBaseHoldsTheTokenToItsPath() {
        String base = "https://git.example.com/api/v3/";
        assertThat(GitHubAuth.within(base, "https://git.example.com/api/v3/repos/acme/site")).isTrue();
        assertThat(GitHubAuth.within(base, "https://git.example.com/api/v3")).isTrue();
        assertThat(GitHubAuth.within(base, "https://git.example.com/api/v30/x")).isFalse();
        assertThat(GitHubAuth.within(base, "https://git.example.com/uploads/x")).isFalse();
    }
}
