/* global window, SwaggerUIBundle */
// Swagger UI on the API's own document; "Authorize" takes the token from POST /api/v1/auth/login.
window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: new URL('../v1/openapi.json', window.location.href).href,
    dom_id: '#swagger-ui',
    deepLinking: true,
    docExpansion: 'list',
    displayOperationId: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
