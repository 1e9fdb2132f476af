// prerendered when a table links to it; a warehouse without accounts links to none, and that is no error
export const prerender = 'auto';
