// Entry point: builds the app shell. (Filled in by the views.)
const root = document.getElementById('app');
if (root) root.textContent = 'LiveDash';
