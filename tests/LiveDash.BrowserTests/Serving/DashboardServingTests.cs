using System.Text.RegularExpressions;
using LiveDash.BrowserTests.Harness;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace LiveDash.BrowserTests.Serving;

[Collection(DashboardCollection.Name)]
public sealed class DashboardServingTests(DashboardFixture fixture)
{
    [Fact]
    public async Task Root_ServesTheBuiltDashboard_NotThePlaceholder()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var failed = new List<string>();
        page.RequestFailed += (_, request) => failed.Add(request.Url);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failed.Add($"{response.Status} {response.Url}");
            }
        };

        var response = await page.GotoAsync(fixture.Gateway.BaseAddress.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load });

        Assert.Equal(200, response!.Status);
        // "Overview · LiveDash" (the placeholder's is "LiveDash gateway").
        await Expect(page).ToHaveTitleAsync(new Regex("LiveDash$"));
        // The app's own script ran (the placeholder has none): the header's indicator and the debug hook exist.
        await Expect(page.Locator("[data-testid=connection]")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.liveDash !== undefined"), "window.liveDash is missing");
        Assert.Empty(failed);
    }
}
