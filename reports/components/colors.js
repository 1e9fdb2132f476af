// One colour per business model on every page (series take their colours from their labels).
export const businessModelColors = { B2B: '#1f4e79', B2C: '#e07b39', Unknown: '#9ca3af' };
