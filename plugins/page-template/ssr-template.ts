/**
 * The HTML of every page: Docusaurus's own template (@docusaurus/core ssgTemplate.html), except
 * that the page's JavaScript is requested once the lesson has been painted, not from the head.
 *
 * A lesson is complete HTML, readable before any script runs; its scripts hydrate it (and load
 * the labs). Requested from the head, `main.js` (about 160 KB gzip) competes with the HTML and
 * CSS for a slow connection before the first paint, and Lighthouse's mobile simulation counts
 * that download toward the page's largest paint. Here a small script at the end of the body
 * adds the same scripts, in order, right after the first frame (at once in a hidden tab, where
 * no frame is drawn).
 */
export const ssrTemplate = `<!DOCTYPE html>
<html <%~ it.htmlAttributes %>>
  <head>
    <meta charset="UTF-8">
    <meta name="generator" content="Docusaurus v<%= it.version %>">
    <% it.metaAttributes.forEach((metaAttribute) => { %>
      <%~ metaAttribute %>
    <% }); %>
    <%~ it.headTags %>
    <% it.stylesheets.forEach((stylesheet) => { %>
      <link rel="stylesheet" href="<%= it.baseUrl %><%= stylesheet %>" />
    <% }); %>
  </head>
  <body <%~ it.bodyAttributes %>>
    <%~ it.preBodyTags %>
    <div id="__docusaurus"><%~ it.appHtml %></div>
    <script>
      (function (scripts) {
        function load() {
          scripts.forEach(function (src) {
            var script = document.createElement('script');
            script.src = src;
            script.async = false;
            document.body.appendChild(script);
          });
        }
        if (document.visibilityState === 'visible') requestAnimationFrame(function () { setTimeout(load, 0); });
        else load();
      })(<%~ JSON.stringify(it.scripts.map((script) => it.baseUrl + script)) %>);
    </script>
    <%~ it.postBodyTags %>
  </body>
</html>
`;
