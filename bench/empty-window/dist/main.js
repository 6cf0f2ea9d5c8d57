// The one thing the page does once loaded: call `app_info`, as Gatehouse's UI does when mounted.
const state = document.getElementById("state");
window.__TAURI_INTERNALS__
  .invoke("app_info")
  .then((version) => {
    state.textContent = `ready ${version}`;
  })
  .catch((error) => {
    state.textContent = `failed: ${error}`;
  });
