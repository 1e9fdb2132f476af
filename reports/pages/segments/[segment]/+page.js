// prerendered when a table links to it; a warehouse without segments links to none, and that is no error
export const prerender = 'auto';
